package dev.gatehouse.bench.memory;

import dev.gatehouse.Revocations;
import java.lang.management.ManagementFactory;

/**
 * How much heap a revocation list of {@code count} token entries holds ({@code jti}s of 36
 * characters, as UUIDs are). Run: {@code java -cp benchmarks/target/benchmarks.jar
 * dev.gatehouse.bench.memory.RevocationMemory [count]}.
 */
public final class RevocationMemory {
  private RevocationMemory() {}

  public static void main(String[] args) {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    long before = usedAfterGc();
    Revocations list = Revocations.create();
    for (int i = 0; i < count; i++) {
      list.revokeToken("https://idp.example.com", String.format("%08x-0000-4000-8000-%012x", i, i));
    }
    long after = usedAfterGc();
    System.out.printf(
        "%d token revocations hold %.1f MiB, %.0f bytes each (%d in force)%n",
        count, (after - before) / 1048576.0, (after - before) / (double) count, list.count());
  }

  private static long usedAfterGc() {
    for (int i = 0; i < 4; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
