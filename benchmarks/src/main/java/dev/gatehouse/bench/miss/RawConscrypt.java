package dev.gatehouse.bench.miss;

import dev.gatehouse.bench.Fixture;
import java.security.GeneralSecurityException;
import org.conscrypt.Conscrypt;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * {@code java.security.Signature} with Conscrypt over the token's signing input; Conscrypt has no
 * Ed25519.
 */
public class RawConscrypt extends MissBenchmark {
  @Param({"ES256", "RS256", "PS256"})
  public String alg = "ES256";

  private Jca jca;

  @Setup
  public void setUp() throws GeneralSecurityException {
    if (!Conscrypt.isAvailable()) {
      throw new IllegalStateException("Conscrypt does not load on this platform");
    }
    fixture = Fixture.start(alg);
    jca = Jca.conscrypt(fixture, Conscrypt.newProvider());
    if (!jca.verify(fixture)) {
      throw new IllegalStateException("Conscrypt does not verify the " + alg + " token");
    }
  }

  @Benchmark
  public boolean verify() throws GeneralSecurityException {
    return jca.verify(fixture);
  }
}
