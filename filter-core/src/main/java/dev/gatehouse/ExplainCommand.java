package dev.gatehouse;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code java -jar filter-core-<version>-all.jar explain --issuer URL [options] <token | ->}: runs
 * the verifier's own checks, and the guard's for a route, against the issuer's live keys and
 * prints, check by check, why the token would be accepted or refused. The configuration is the
 * settings table's ({@link Settings#guard}); the token cache is off. It prints the token's header
 * and claims, never its signature. Exit status 0: accepted; 1: refused; 2: usage error.
 */
final class ExplainCommand {
  static final String USAGE =
      """
      usage: java -jar filter-core-all.jar explain --issuer URL [--audience A] [--jwks-uri U]
               [--scope S]... [--method M] [--path P] [--set name=value]... <token | ->
        --issuer     the iss to trust, exactly as the application is configured
        --audience   comma-separated; left out, aud is not checked
        --jwks-uri   the JWKS; left out, discovered from the issuer
        --scope      a scope the route needs; repeat for several (setting required-scopes)
        --method, --path  the request to decide (default GET /)
        --set        any other setting of the README's table, e.g. leeway-seconds=60
        -            read the token from standard input""";

  private ExplainCommand() {}

  public static void main(String[] args) {
    // Gatehouse's refusals log at DEBUG; the explanation says it all, without a logging backend.
    System.setProperty(
        "slf4j.internal.verbosity", System.getProperty("slf4j.internal.verbosity", "ERROR"));
    System.exit(run(List.of(args), System.in, System.out, System.err));
  }

  /** Runs {@code explain} with {@code args} (the word "explain" first) and returns the status. */
  static int run(List<String> args, InputStream in, PrintStream out, PrintStream err) {
    if (args.isEmpty() || !args.get(0).equals("explain") || args.contains("--help")) {
      (args.contains("--help") ? out : err).println(USAGE);
      return args.contains("--help") ? 0 : 2;
    }
    Map<String, String> settings = new LinkedHashMap<>();
    List<String> scopes = new ArrayList<>();
    String method = "GET";
    String path = "/";
    String token = null;
    Deque<String> rest = new ArrayDeque<>(args.subList(1, args.size()));
    while (!rest.isEmpty()) {
      String arg = rest.removeFirst();
      if (!arg.startsWith("--")) {
        if (token != null || !rest.isEmpty()) {
          return usage(err, "one token, after the options: " + shorten(arg));
        }
        token = arg;
        continue;
      }
      if (rest.isEmpty()) {
        return usage(err, arg + " needs a value");
      }
      String value = rest.removeFirst();
      switch (arg) {
        case "--issuer" -> settings.put("issuer", value);
        case "--audience" -> settings.put("audience", value);
        case "--jwks-uri" -> settings.put("jwks-uri", value);
        case "--scope" -> scopes.add(value);
        case "--method" -> method = value;
        case "--path" -> path = value;
        case "--set" -> {
          int eq = value.indexOf('=');
          if (eq <= 0) {
            return usage(err, "--set needs name=value: " + value);
          }
          settings.put(value.substring(0, eq), value.substring(eq + 1));
        }
        default -> {
          return usage(err, "unknown option: " + arg);
        }
      }
    }
    if (token == null) {
      return usage(err, "no token: give it last, or - to read it from standard input");
    }
    if (token.equals("-")) {
      token = readToken(in);
      if (token == null) {
        return usage(err, "no token on standard input");
      }
    }
    if (token.regionMatches(true, 0, "Bearer ", 0, 7)) {
      token = token.substring(7).strip();
    }
    if (!settings.containsKey("issuer")) {
      return usage(err, "--issuer is required");
    }
    settings.putIfAbsent("audience", "*");
    if (!scopes.isEmpty()) {
      settings.put("required-scopes", String.join(" ", scopes));
    }
    // Every run verifies afresh: a cached answer would skip the checks it is asked to show.
    settings.put("token-cache-size", "0");
    Explanation explanation = new Explanation();
    Guard guard;
    try {
      guard = Settings.guard(settings, explanation);
    } catch (IllegalArgumentException | IllegalStateException e) {
      return usage(err, e.getMessage());
    }
    try {
      return explanation.explain(guard, method, path, scopes, token, out) ? 0 : 1;
    } catch (IllegalArgumentException e) {
      return usage(err, e.getMessage());
    } finally {
      guard.verifier().close();
    }
  }

  private static int usage(PrintStream err, @Nullable String message) {
    err.println("explain: " + message);
    err.println(USAGE);
    return 2;
  }

  /** The first line of standard input, trimmed; null if there is none. */
  private static @Nullable String readToken(InputStream in) {
    try {
      byte[] bytes = in.readNBytes(BearerToken.MAX_LENGTH * 2);
      String text = new String(bytes, StandardCharsets.UTF_8).strip();
      int newline = text.indexOf('\n');
      String line = (newline < 0 ? text : text.substring(0, newline)).strip();
      return line.isEmpty() ? null : line;
    } catch (IOException e) {
      return null;
    }
  }

  /** An argument in an error message, cut short: it may be a token. */
  private static String shorten(String arg) {
    return arg.length() <= 12 ? arg : arg.substring(0, 12) + "...";
  }
}
