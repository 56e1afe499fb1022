package dev.gatehouse;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import dev.gatehouse.jwks.JwksStatus;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * One run of {@code explain} (see {@link ExplainCommand}): the guard decides a request carrying the
 * token, its verifier reporting each check here as it starts; then the checks are printed in order,
 * the one running when the token was refused marked as failed. What the checks saw is printed
 * beside them: the header and claims, never the signature or a key.
 *
 * <p>Not thread-safe; one per run.
 */
final class Explanation implements Trace {
  private final Set<Check> started = EnumSet.noneOf(Check.class);
  private @Nullable Check current;
  private @Nullable SignedToken token;
  private int candidates = -1;

  @Override
  public void checking(Check check) {
    started.add(check);
    current = check;
  }

  @Override
  public void parsed(SignedToken parsed) {
    this.token = parsed;
  }

  @Override
  public void candidates(int count) {
    this.candidates = count;
  }

  /** Decides {@code method path} with {@code bearer}, prints why; whether it was accepted. */
  boolean explain(
      Guard guard,
      String method,
      String path,
      List<String> scopes,
      String bearer,
      PrintStream out) {
    RequestView view =
        RequestView.builder(method, path)
            .headers(n -> n.equalsIgnoreCase("Authorization") ? List.of("Bearer " + bearer) : null)
            .build();
    Decision decision = guard.decide(view);
    AuthFailure failure = decision instanceof Decision.Refuse refuse ? refuse.failure() : null;
    Auth auth =
        decision instanceof Decision.Refuse refuse
            ? refuse.auth()
            : ((Decision.Proceed) decision).auth();
    TokenVerifier verifier = guard.verifier();
    Instant now = verifier.clock().instant().truncatedTo(ChronoUnit.SECONDS);
    IssuerPolicy policy = token == null ? null : policy(verifier, token.claims.get("iss"));
    printToken(bearer, out);
    verifier.keyStatus().forEach((issuer, status) -> out.println(keys(issuer, status)));
    out.println("Checks, in the verifier's order, at " + now + ":");
    Check failed = failure != null && current != Check.VERIFIED ? current : null;
    for (Check check : Check.values()) {
      if (check == Check.VERIFIED || (check == Check.INTROSPECTION && !started.contains(check))) {
        continue;
      }
      boolean reached = started.contains(check);
      List<String> lines = new ArrayList<>();
      if (check == failed && failure != null) {
        lines.add(failure.message());
      }
      if (reached) {
        details(check, policy, now, lines);
      }
      String state = !reached ? "-" : check == failed ? "FAILED" : "ok";
      print(out, state, check.name().toLowerCase(Locale.ROOT), lines);
    }
    boolean verified = started.contains(Check.VERIFIED);
    if (failure != null && started.isEmpty()) {
      // Refused before the verifier saw a token: the request itself (its Authorization header).
      print(out, "FAILED", "request", List.of(failure.message()));
    } else {
      List<String> lines = new ArrayList<>();
      lines.add(method + " " + path + (scopes.isEmpty() ? "" : " needs scopes " + json(scopes)));
      if (verified && failure != null) {
        lines.add(failure.message());
      }
      if (auth != null) {
        lines.add("token scopes " + json(auth.scopes()));
      }
      print(out, !verified ? "-" : failure == null ? "ok" : "FAILED", "route", lines);
    }
    if (failure != null) {
      FailureReason reason = failure.reason();
      out.println(
          "Refused: "
              + reason.status()
              + " "
              + reason.code()
              + " ("
              + reason
              + "): "
              + failure.message());
      return false;
    }
    out.println(
        auth == null
            ? "Accepted: " + method + " " + path + " needs no token"
            : "Accepted: subject " + json(auth.subject()) + ", scopes " + json(auth.scopes()));
    return true;
  }

  private static String keys(String issuer, JwksStatus status) {
    String state =
        status.lastError() != null
            ? "fetch failed: " + status.lastError()
            : status.lastSuccess() == null ? "not fetched" : status.keyCount() + " key(s)";
    return "Issuer " + issuer + ": keys at " + status.location() + ", " + state;
  }

  private static @Nullable IssuerPolicy policy(TokenVerifier verifier, @Nullable Object iss) {
    return iss instanceof String name ? verifier.policy(name) : null;
  }

  private void printToken(String bearer, PrintStream out) {
    SignedToken parsed = token;
    if (parsed == null) {
      long dots = bearer.chars().filter(c -> c == '.').count();
      out.println(
          "Token: " + bearer.length() + " characters, " + (dots + 1) + " dot-separated part(s)");
      return;
    }
    out.println("Token");
    out.println("  header     " + json(parsed.headers));
    out.println("  claims     " + json(parsed.claims));
    out.println("  signature  not shown");
  }

  /** What {@code check} saw, from the token and the issuer's policy. */
  private void details(Check check, @Nullable IssuerPolicy policy, Instant now, List<String> out) {
    SignedToken parsed = token;
    if (parsed == null) {
      return;
    }
    switch (check) {
      case TOKEN ->
          out.add(
              "alg "
                  + json(parsed.alg)
                  + ", kid "
                  + json(parsed.kid)
                  + ", typ "
                  + json(parsed.typ));
      case ISSUER -> out.add("iss " + json(parsed.claims.get("iss")));
      case HEADER -> {
        if (policy != null) {
          out.add("allowed algorithms " + json(new TreeSet<>(policy.algorithms())));
        }
      }
      case CLAIMS -> claims(parsed.claims, policy, now, out);
      case KEY ->
          out.add(
              candidates < 0
                  ? "no keys to look in"
                  : candidates
                      + " key(s) of the JWKS fit kid "
                      + json(parsed.kid)
                      + " and alg "
                      + json(parsed.alg));
      default -> {
        // The check's own line says it all.
      }
    }
  }

  private static void claims(
      Map<String, @Nullable Object> claims,
      @Nullable IssuerPolicy policy,
      Instant now,
      List<String> out) {
    List<String> times = new ArrayList<>();
    for (String name : List.of("exp", "nbf", "iat")) {
      if (claims.get(name) instanceof Number n) {
        Instant at = Instant.ofEpochSecond(ClaimRules.seconds(n));
        times.add(name + " " + at + " (" + relative(Duration.between(now, at)) + ")");
      }
    }
    if (policy != null) {
      times.add("leeway " + policy.leeway().toSeconds() + "s");
    }
    out.add(String.join(", ", times));
    out.add("sub " + json(claims.get("sub")));
    String accepted =
        policy == null
            ? ""
            : policy.acceptsAnyAudience()
                ? "; not checked (no --audience)"
                : "; accepted " + json(new TreeSet<>(policy.audiences()));
    out.add("aud " + json(claims.get("aud")) + accepted);
  }

  private static String relative(Duration d) {
    Duration abs = d.abs();
    String amount =
        abs.toHours() > 0
            ? abs.toHours() + "h " + abs.toMinutesPart() + "m"
            : abs.toMinutes() > 0
                ? abs.toMinutes() + "m " + abs.toSecondsPart() + "s"
                : abs.toSeconds() + "s";
    return d.isNegative() ? amount + " ago" : "in " + amount;
  }

  /** One check: its state and name, then what it saw, one item a line. */
  private static void print(PrintStream out, String state, String check, List<String> lines) {
    String first = lines.isEmpty() ? "" : lines.get(0);
    out.println(String.format(Locale.ROOT, "  %-7s%-12s%s", state, check, first).stripTrailing());
    for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
      out.println(" ".repeat(21) + line);
    }
  }

  /** JSON with every non-ASCII and control character escaped: safe to print on a terminal. */
  static String json(@Nullable Object value) {
    StringWriter text = new StringWriter();
    try (JsonGenerator out = JsonBodies.generator(text)) {
      out.enable(JsonWriteFeature.ESCAPE_NON_ASCII.mappedFeature());
      write(out, value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  private static void write(JsonGenerator out, @Nullable Object value) throws IOException {
    if (value instanceof Map<?, ?> members) {
      out.writeStartObject();
      for (Map.Entry<?, ?> member : members.entrySet()) {
        out.writeFieldName(String.valueOf(member.getKey()));
        write(out, member.getValue());
      }
      out.writeEndObject();
    } else if (value instanceof Iterable<?> values) {
      out.writeStartArray();
      for (Object element : values) {
        write(out, element);
      }
      out.writeEndArray();
    } else if (value instanceof Number || value instanceof Boolean) {
      out.writeRawValue(String.valueOf(value));
    } else if (value == null) {
      out.writeNull();
    } else {
      out.writeString(String.valueOf(value));
    }
  }
}
