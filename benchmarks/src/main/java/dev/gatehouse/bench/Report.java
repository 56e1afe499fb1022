package dev.gatehouse.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jose4j.json.JsonUtil;
import org.jose4j.lang.JoseException;
import org.jspecify.annotations.Nullable;

/**
 * Turns a JMH JSON result file ({@code -rf json -rff FILE}) into the Markdown tables of the README:
 * cache-miss throughput per algorithm with each figure's ratio to the raw JDK verify of the same
 * algorithm in the same run, allocation per verification, and the cache-hit path.
 *
 * {@snippet lang=sh :
 * java -cp benchmarks/target/benchmarks.jar dev.gatehouse.bench.Report results/jdk17.json
 * }
 *
 * <p>Not thread-safe; a command-line tool.
 */
public final class Report {
  /** The raw JDK verify: every cache-miss ratio is to this benchmark's figure. */
  private static final String FLOOR = "RawJdk";

  /** Column order and titles of the cache-miss tables. */
  private static final Map<String, String> COLUMNS = new LinkedHashMap<>();

  static {
    COLUMNS.put("RawJdk", "raw JDK (floor)");
    COLUMNS.put("GatehouseJdk", "Gatehouse, JDK");
    COLUMNS.put("GatehouseBouncyCastle", "Gatehouse, BouncyCastle");
    COLUMNS.put("GatehouseConscrypt", "Gatehouse, Conscrypt");
    COLUMNS.put("RawConscrypt", "raw Conscrypt");
    COLUMNS.put("Jose4j", "jose4j");
    COLUMNS.put("Nimbus", "Nimbus");
    COLUMNS.put("SpringSecurity", "Spring NimbusJwtDecoder");
    COLUMNS.put("SmallRye", "SmallRye JWT");
    COLUMNS.put("Auth0", "Auth0 java-jwt");
    COLUMNS.put("Jjwt", "jjwt");
  }

  private static final List<String> ALGORITHMS = List.of("ES256", "RS256", "PS256", "EdDSA");

  private record Result(
      String name,
      String alg,
      double score,
      double error,
      String unit,
      @Nullable Double bytesPerOp,
      @Nullable Double cpuNanosPerOp) {}

  private Report() {}

  public static void main(String[] args) throws IOException, JoseException {
    if (args.length != 1) {
      System.err.println(
          "usage: java -cp benchmarks.jar dev.gatehouse.bench.Report JMH-RESULT.json");
      System.exit(2);
    }
    print(read(Path.of(args[0])), System.out);
  }

  @SuppressWarnings("unchecked")
  private static List<Result> read(Path file) throws IOException, JoseException {
    String json = Files.readString(file, StandardCharsets.UTF_8);
    // jose4j's parser takes an object; JMH writes an array.
    List<Object> runs = (List<Object>) JsonUtil.parseJson("{\"runs\":" + json + "}").get("runs");
    List<Result> out = new ArrayList<>();
    for (Object o : runs) {
      Map<String, Object> run = (Map<String, Object>) o;
      String benchmark = (String) run.get("benchmark");
      Map<String, Object> params = (Map<String, Object>) run.get("params");
      Map<String, Object> primary = (Map<String, Object>) run.get("primaryMetric");
      Map<String, Object> secondary = (Map<String, Object>) run.get("secondaryMetrics");
      Double bytes = secondary(secondary, "gc.alloc.rate.norm");
      Double cpu = secondary(secondary, "cpu.time.norm");
      String[] parts = benchmark.split("\\.");
      String name =
          parts[parts.length - 2]
              + (parts[parts.length - 2].equals("CacheHit") ? "." + parts[parts.length - 1] : "");
      // One Gatehouse benchmark, one column per signature provider: GatehouseJdk, ...
      if (name.equals("Gatehouse")
          && params != null
          && params.get("provider") instanceof String p) {
        name += p.equals("jdk") ? "Jdk" : p;
      }
      out.add(
          new Result(
              name,
              params == null ? "" : String.valueOf(params.get("alg")),
              number(primary.get("score")),
              number(primary.get("scoreError")),
              (String) primary.get("scoreUnit"),
              bytes,
              cpu));
    }
    return out;
  }

  private static @Nullable Double secondary(@Nullable Map<String, Object> metrics, String name) {
    return metrics != null && metrics.get(name) instanceof Map<?, ?> metric
        ? number(metric.get("score"))
        : null;
  }

  private static double number(@Nullable Object value) {
    return value instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  private static void print(List<Result> results, PrintStream out) {
    Map<String, Result> byKey = new LinkedHashMap<>();
    results.forEach(r -> byKey.put(r.name + "/" + r.alg, r));

    out.println("Cache miss, ops/s (ratio to the raw JDK verify of the same algorithm, same run):");
    out.println();
    header(out);
    for (String alg : ALGORITHMS) {
      Result floor = byKey.get(FLOOR + "/" + alg);
      StringBuilder row = new StringBuilder("| " + alg + " |");
      for (String column : COLUMNS.keySet()) {
        Result r = byKey.get(column + "/" + alg);
        if (r == null) {
          row.append(" n/a |");
        } else if (floor == null || column.equals(FLOOR)) {
          row.append(String.format(Locale.ROOT, " %,.0f ± %,.0f |", r.score, r.error));
        } else {
          row.append(
              String.format(Locale.ROOT, " %,.0f (%.2f×) |", r.score, r.score / floor.score));
        }
      }
      out.println(row);
    }
    out.println();
    out.println(
        "Cache miss, JVM CPU time per verification in µs (-prof dev.gatehouse.bench.CpuTime), and the"
            + " raw JDK's CPU time divided by it: the same ratio, less sensitive to other load on the machine:");
    out.println();
    header(out);
    for (String alg : ALGORITHMS) {
      Result floor = byKey.get(FLOOR + "/" + alg);
      StringBuilder row = new StringBuilder("| " + alg + " |");
      for (String column : COLUMNS.keySet()) {
        Result r = byKey.get(column + "/" + alg);
        if (r == null || r.cpuNanosPerOp == null) {
          row.append(" n/a |");
        } else if (floor == null || floor.cpuNanosPerOp == null || column.equals(FLOOR)) {
          row.append(String.format(Locale.ROOT, " %,.1f |", r.cpuNanosPerOp / 1000));
        } else {
          row.append(
              String.format(
                  Locale.ROOT,
                  " %,.1f (%.2f×) |",
                  r.cpuNanosPerOp / 1000,
                  floor.cpuNanosPerOp / r.cpuNanosPerOp));
        }
      }
      out.println(row);
    }
    out.println();
    out.println("Cache miss, bytes allocated per verification (-prof gc, gc.alloc.rate.norm):");
    out.println();
    header(out);
    for (String alg : ALGORITHMS) {
      StringBuilder row = new StringBuilder("| " + alg + " |");
      for (String column : COLUMNS.keySet()) {
        Result r = byKey.get(column + "/" + alg);
        row.append(
            r == null || r.bytesPerOp == null
                ? " n/a |"
                : String.format(Locale.ROOT, " %,.0f |", r.bytesPerOp));
      }
      out.println(row);
    }
    out.println();
    out.println("Cache hit:");
    out.println();
    out.println(
        "| benchmark | time per request | JVM CPU time per request | bytes allocated per request |");
    out.println("| --- | ---: | ---: | ---: |");
    for (Result r : results) {
      if (r.name.startsWith("CacheHit.")) {
        out.println(
            String.format(
                Locale.ROOT,
                "| %s (%s) | %,.1f ± %,.1f %s | %s | %s |",
                r.name,
                r.alg,
                r.score,
                r.error,
                r.unit,
                r.cpuNanosPerOp == null
                    ? "n/a"
                    : String.format(Locale.ROOT, "%,.1f ns", r.cpuNanosPerOp),
                r.bytesPerOp == null
                    ? "n/a (run with -prof gc)"
                    : String.format(Locale.ROOT, "%.1f", r.bytesPerOp)));
      }
    }
  }

  private static void header(PrintStream out) {
    StringBuilder titles = new StringBuilder("| alg |");
    StringBuilder rule = new StringBuilder("| --- |");
    COLUMNS.values().forEach(t -> titles.append(' ').append(t).append(" |"));
    COLUMNS.values().forEach(t -> rule.append(" ---: |"));
    out.println(titles);
    out.println(rule);
  }
}
