/**
 * Gatehouse's core: the bearer-token verifier and the decision every adapter shares ({@code
 * dev.gatehouse}), the key source's settings and status ({@code dev.gatehouse.jwks}), and the
 * servlet filter ({@code dev.gatehouse.servlet}), which alone needs the Servlet API.
 */
// jose4j is an automatic module, named by the Automatic-Module-Name of its manifest.
@SuppressWarnings("requires-automatic")
module dev.gatehouse {
  exports dev.gatehouse;
  exports dev.gatehouse.jwks;
  exports dev.gatehouse.servlet;

  requires com.fasterxml.jackson.core;
  requires com.github.benmanes.caffeine;
  requires java.net.http;
  requires org.jose4j;
  requires org.slf4j;
  // Only dev.gatehouse.servlet uses it: the container provides it, and the verifier runs without
  // it. Not transitive, which would make it a compile-time requirement of every module reading
  // this one (filter-jaxrs has no Servlet API); a servlet application requires it anyway.
  requires static jakarta.servlet;
  // The fast ECDSA and EdDSA path (BouncyCastle's lightweight API), a default dependency that may
  // be excluded: core links it only once it has found it, and verifies on the JDK without it. On
  // the module path it is read when the application resolves it (--add-modules or a requires).
  requires static org.bouncycastle.provider;
  // @Nullable is part of the API's signatures; only compilers and checkers need the module.
  requires static transitive org.jspecify;

  // filter-redis provides both, for redis:// and rediss:// URIs.
  uses dev.gatehouse.ReplayStore.Provider;
  uses dev.gatehouse.RevocationReplica.Provider;
}
