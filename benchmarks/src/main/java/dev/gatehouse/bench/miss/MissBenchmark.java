package dev.gatehouse.bench.miss;

import dev.gatehouse.bench.Fixture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What every cache-miss benchmark shares: throughput in ops/s, one fork, the same warm-up and
 * measurement, and the {@link Fixture} its set-up starts and this tear-down stops. Each subclass
 * declares the algorithms it covers ({@code @Param alg}) and builds its verifier in set-up.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public abstract class MissBenchmark {
  /** The issuer, key and token of this fork; started by the subclass's set-up. */
  protected Fixture fixture;

  @TearDown
  public void tearDown() {
    fixture.close();
  }
}
