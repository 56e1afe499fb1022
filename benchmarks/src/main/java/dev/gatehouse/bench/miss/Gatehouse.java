package dev.gatehouse.bench.miss;

import dev.gatehouse.Auth;
import dev.gatehouse.AuthException;
import dev.gatehouse.TokenVerifier;
import dev.gatehouse.bench.Fixture;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * {@code TokenVerifier.verify} without a token cache, signatures checked by {@code provider}: the
 * JDK's own, BouncyCastle's lightweight API (ECDSA, EdDSA; RSA on the JDK) or Conscrypt (EdDSA on
 * the JDK). Every call parses the token, checks header and claims, looks the key up and verifies
 * the signature. {@code Report} shows each provider as its own column.
 */
public class Gatehouse extends MissBenchmark {
  @Param({"ES256", "RS256", "PS256", "EdDSA"})
  public String alg = "ES256";

  @Param({"jdk", "BouncyCastle", "Conscrypt"})
  public String provider = "jdk";

  private TokenVerifier verifier;

  @Setup
  public void setUp() {
    fixture = Fixture.start(alg);
    verifier = fixture.uncachedVerifier(provider);
  }

  @Benchmark
  public Auth verify() throws AuthException {
    return verifier.verify(fixture.token);
  }
}
