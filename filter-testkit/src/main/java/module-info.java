/** A loopback OAuth 2.0 / OpenID Connect issuer for tests, and its JUnit 5 extension. */
// jose4j is an automatic module, named by the Automatic-Module-Name of its manifest.
@SuppressWarnings("requires-automatic")
module dev.gatehouse.testkit {
  exports dev.gatehouse.testkit;

  requires java.net.http;
  requires jdk.httpserver;
  requires org.jose4j;
  // Only MockIssuerExtension needs it; a test that uses the extension has JUnit already.
  requires static transitive org.junit.jupiter.api;
  // @Nullable is part of the API's signatures; only compilers and checkers need the module.
  requires static transitive org.jspecify;
}
