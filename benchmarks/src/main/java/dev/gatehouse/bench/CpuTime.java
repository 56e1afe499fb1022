package dev.gatehouse.bench;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler ({@code -prof dev.gatehouse.bench.CpuTime}) that reports the benchmark JVM's CPU
 * time per operation, {@code cpu.time.norm} in ns/op: the JVM's own CPU time (benchmark thread, GC
 * and JIT threads) over an iteration divided by its operations.
 *
 * <p>Wall-clock throughput on a machine shared with other work drops whenever another process holds
 * the core; CPU time per operation hardly does, so ratios of it stay comparable across benchmarks
 * run minutes apart. It still rises somewhat under contention (cache and frequency effects), and it
 * charges the benchmark for GC work it causes, which a real server pays too.
 *
 * <p>Not thread-safe; JMH makes one per fork and calls it from one thread.
 */
public final class CpuTime implements InternalProfiler {
  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private long start;

  @Override
  public String getDescription() {
    return "JVM CPU time per operation (cpu.time.norm, ns/op)";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmark, IterationParams iteration) {
    start = os.getProcessCpuTime();
  }

  @Override
  @SuppressWarnings("rawtypes") // JMH's own signature uses the raw Result.
  public Collection<? extends Result> afterIteration(
      BenchmarkParams benchmark, IterationParams iteration, IterationResult result) {
    long used = os.getProcessCpuTime() - start;
    long ops = result.getMetadata().getAllOps();
    if (ops <= 0) {
      return List.of();
    }
    return List.of(
        new ScalarResult("cpu.time.norm", (double) used / ops, "ns/op", AggregationPolicy.AVG));
  }
}
