package dev.gatehouse.bench.memory;

import dev.gatehouse.AuthException;
import dev.gatehouse.TokenVerifier;
import dev.gatehouse.bench.Fixture;
import dev.gatehouse.testkit.MockIssuer;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * How much heap the verified-token cache holds: {@code count} distinct tokens of about {@code kib}
 * KiB each (a large custom claim, as some identity providers issue) are verified through the
 * default cache, and the heap retained after full collections is reported, with the cache at its
 * default bound and with no cache. Run: {@code java -cp benchmarks/target/benchmarks.jar
 * dev.gatehouse.bench.memory.CacheMemory [count] [kib]}.
 */
public final class CacheMemory {
  private CacheMemory() {}

  public static void main(String[] args) throws AuthException {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int kib = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    try (MockIssuer issuer = MockIssuer.builder().audience(Fixture.AUDIENCE).start()) {
      List<String> tokens = new ArrayList<>(count);
      String filler = "x".repeat(kib * 1024);
      for (int i = 0; i < count; i++) {
        tokens.add(issuer.token().subject("user-" + i).claim("profile", filler).sign());
      }
      long tokenChars = tokens.stream().mapToLong(String::length).sum();
      long none = retained(issuer, tokens, 0, Long.MAX_VALUE / 4);
      long bounded = retained(issuer, tokens, 10_000, 32L * 1024 * 1024);
      long countOnly = retained(issuer, tokens, 10_000, Long.MAX_VALUE / 4);
      System.out.printf(
          "%d tokens of %d chars: default cache (10,000 entries, 32 MiB) holds %.1f MiB;"
              + " bounded by count alone it would hold %.1f MiB (%.1f bytes a token char)%n",
          count,
          tokenChars / count,
          (bounded - none) / 1048576.0,
          (countOnly - none) / 1048576.0,
          (countOnly - none) / (double) tokenChars);
    }
  }

  /** Heap used after verifying every token through a verifier with this cache. */
  private static long retained(MockIssuer issuer, List<String> tokens, int cacheSize, long maxBytes)
      throws AuthException {
    TokenVerifier verifier =
        TokenVerifier.builder()
            .issuer(Fixture.policy(issuer))
            .tokenCacheSize(cacheSize)
            .tokenCacheMaxBytes(maxBytes)
            .build();
    for (String token : tokens) {
      // A copy, as each request brings its own: the cache's keys are counted.
      verifier.verify(new String(token.toCharArray()));
    }
    long used = usedAfterGc();
    // Keep the verifier (and its cache) reachable until measured.
    if (verifier.toString().isEmpty()) {
      System.out.println();
    }
    verifier.close();
    return used;
  }

  private static long usedAfterGc() {
    for (int i = 0; i < 4; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
