package dev.gatehouse.bench.miss;

import dev.gatehouse.bench.Fixture;
import java.security.GeneralSecurityException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * The floor: {@code java.security.Signature} with the JDK's provider over the token's signing
 * input.
 */
public class RawJdk extends MissBenchmark {
  @Param({"ES256", "RS256", "PS256", "EdDSA"})
  public String alg = "ES256";

  private Jca jca;

  @Setup
  public void setUp() throws GeneralSecurityException {
    fixture = Fixture.start(alg);
    jca = Jca.jdk(fixture);
    if (!jca.verify(fixture)) {
      throw new IllegalStateException("the JDK does not verify the " + alg + " token");
    }
  }

  @Benchmark
  public boolean verify() throws GeneralSecurityException {
    return jca.verify(fixture);
  }
}
