package dev.gatehouse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jose4j.json.JsonUtil;
import org.jose4j.lang.JoseException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Reads the public conformance vectors (Wycheproof, the JOSE cookbook) from the workspace's {@code
 * shared/vectors} folder at test time; they are never copied into the project. The folder is found
 * by walking up from the working directory to the first ancestor with a {@code shared/vectors}
 * beside it. Where there is none, the vector tests are skipped with a message that says so.
 *
 * <p>Also names the JCA providers the signature-related suites run against (issue 8): the JDK
 * always, Conscrypt when its native library loads on this platform.
 */
public final class VectorFiles {
  private static final @Nullable Path ROOT = find();

  private VectorFiles() {}

  /**
   * The system property under which missing vectors fail the build instead of skipping the suites;
   * the environment variable {@code GATEHOUSE_VECTORS_REQUIRED} does the same ({@code .ci/run} sets
   * it, so CI never passes without them).
   */
  public static final String REQUIRED = "gatehouse.vectors.required";

  private static boolean required() {
    return Boolean.getBoolean(REQUIRED)
        || "true".equalsIgnoreCase(System.getenv("GATEHOUSE_VECTORS_REQUIRED"));
  }

  /**
   * Disables a vector suite, visibly (reported as skipped, with the reason), when the vectors are
   * absent; fails it when {@link #REQUIRED} is {@code true}.
   */
  public static final class Condition implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      if (ROOT != null) {
        return ConditionEvaluationResult.enabled("conformance vectors found at " + ROOT);
      }
      String why =
          "conformance vectors not found: no shared/vectors beside "
              + Path.of("").toAbsolutePath()
              + " or any parent";
      if (required()) {
        throw new IllegalStateException(why + " (" + REQUIRED + "=true)");
      }
      return ConditionEvaluationResult.disabled(why + "; suite skipped");
    }
  }

  /** Skips the calling test class unless the vectors folder was found. */
  public static void assumePresent() {
    Assumptions.assumeTrue(
        ROOT != null,
        "conformance vectors not found: no shared/vectors beside "
            + Path.of("").toAbsolutePath()
            + " or any parent; vector tests skipped");
  }

  /** Whether the vectors folder was found. */
  public static boolean present() {
    return ROOT != null;
  }

  /** The parsed JSON object of {@code relative} (e.g. {@code wycheproof/ed25519_test.json}). */
  public static Map<String, Object> json(String relative) {
    Objects.requireNonNull(ROOT, "vectors folder");
    Path file = ROOT.resolve(relative);
    try {
      return JsonUtil.parseJson(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read vector file " + file, e);
    } catch (JoseException e) {
      throw new IllegalStateException("vector file is not a JSON object: " + file, e);
    }
  }

  /** The test groups of a Wycheproof file. */
  public static List<Map<String, Object>> groups(Map<String, Object> file) {
    return objects(file.get("testGroups"));
  }

  /** A JSON array of objects, typed. */
  @SuppressWarnings("unchecked")
  public static List<Map<String, Object>> objects(@Nullable Object array) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Object element : (List<Object>) Objects.requireNonNull(array, "array")) {
      out.add((Map<String, Object>) element);
    }
    return out;
  }

  /** A JSON object member that is itself an object, or null. */
  @SuppressWarnings("unchecked")
  public static @Nullable Map<String, Object> object(Map<String, Object> parent, String name) {
    return (Map<String, Object>) parent.get(name);
  }

  /** Lower-case hex to bytes. */
  public static byte[] hex(String hex) {
    return HexFormat.of().parseHex(hex);
  }

  /**
   * The providers the signature suites run against: {@code jdk}, {@code Conscrypt} when it loads,
   * and {@code BouncyCastle} when it is on the class path (issue 19).
   */
  public static List<String> providers() {
    List<String> out = new ArrayList<>(List.of("jdk"));
    if (conscryptLoads()) {
      out.add("Conscrypt");
    }
    if (BouncyCastle.PRESENT) {
      out.add(BouncyCastle.NAME);
    }
    return List.copyOf(out);
  }

  private static boolean conscryptLoads() {
    try {
      return org.conscrypt.Conscrypt.isAvailable();
    } catch (LinkageError | RuntimeException e) {
      return false;
    }
  }

  private static @Nullable Path find() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared").resolve("vectors");
      if (Files.isDirectory(candidate.resolve("wycheproof"))) {
        return candidate;
      }
    }
    return null;
  }
}
