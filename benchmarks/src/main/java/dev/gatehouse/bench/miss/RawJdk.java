package dev.gatehouse.bench.miss;

import dev.gatehouse.bench.Fixture;
import java.security.GeneralSecurityException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The floor: {@code java.security.Signature} with the JDK's provider over the token's signing
 * input.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RawJdk {
  @Param({"ES256", "RS256", "PS256", "EdDSA"})
  public String alg = "ES256";

  private Fixture fixture;
  private Jca jca;

  @Setup
  public void setUp() throws GeneralSecurityException {
    fixture = Fixture.start(alg);
    jca = Jca.jdk(fixture);
    if (!jca.verify(fixture)) {
      throw new IllegalStateException("the JDK does not verify the " + alg + " token");
    }
  }

  @TearDown
  public void tearDown() {
    fixture.close();
  }

  @Benchmark
  public boolean verify() throws GeneralSecurityException {
    return jca.verify(fixture);
  }
}
