package dev.gatehouse;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.gatehouse.jwks.JwksStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A readiness check for load balancers and Kubernetes probes: {@code 200} when every issuer's keys
 * can verify tokens now, else {@code 503}, from {@link TokenVerifier#keyStatus()}, with a JSON body
 * that says per issuer whether it is ready, when its keys were last fetched, how many there are and
 * what kind of error the last fetch had (never a location's credentials, a key or a token):
 *
 * <pre>{@code
 * {"status":"ready","issuers":[{"issuer":"https://idp.example.com","ready":true,
 *   "last_fetch":"2026-12-01T10:15:30Z","keys":2,"stale":false,"failures":0}]}
 * }</pre>
 *
 * Served before and never behind the bearer check: by the filter (or the JAX-RS adapter) at the
 * setting {@code health-path} ({@link Guard.Builder#endpoint}), by {@code
 * dev.gatehouse.servlet.ReadinessServlet}, or by the JAX-RS {@code ReadinessResource}. {@code GET}
 * or {@code HEAD} only ({@code 405} otherwise); {@code Cache-Control: no-store}. An issuer whose
 * keys have never been fetched is not ready; asking starts the first fetch in the background, so a
 * later probe finds it done.
 *
 * <p>Immutable and thread-safe.
 */
public final class Readiness implements Endpoint {
  private final TokenVerifier verifier;

  private Readiness(TokenVerifier verifier) {
    this.verifier = verifier;
  }

  /** The readiness of {@code verifier}'s issuers. */
  public static Readiness of(TokenVerifier verifier) {
    return new Readiness(Objects.requireNonNull(verifier, "verifier"));
  }

  /** The answer now: {@code 200} or {@code 503}, with the JSON body. */
  public Rejection check() {
    // A probe before the first token must not wait for a token to fetch the keys.
    verifier.prefetchKeys();
    Map<String, JwksStatus> status = verifier.keyStatus();
    boolean ready = status.values().stream().allMatch(JwksStatus::ready);
    StringWriter out = new StringWriter(256);
    try (JsonGenerator json = JsonBodies.generator(out)) {
      json.writeStartObject();
      json.writeStringField("status", ready ? "ready" : "unavailable");
      json.writeArrayFieldStart("issuers");
      // In the order configured, as the metadata lists them.
      for (IssuerPolicy policy : verifier.issuers()) {
        JwksStatus keys = Objects.requireNonNull(status.get(policy.issuer()));
        json.writeStartObject();
        json.writeStringField("issuer", policy.issuer());
        json.writeBooleanField("ready", keys.ready());
        if (keys.lastSuccess() != null) {
          json.writeStringField("last_fetch", keys.lastSuccess().toString());
        }
        json.writeNumberField("keys", keys.keyCount());
        json.writeBooleanField("stale", keys.stale());
        json.writeNumberField("failures", keys.failureStreak());
        String error = errorKind(keys.lastError());
        if (error != null) {
          json.writeStringField("error", error);
        }
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Rejection(
        ready ? 200 : 503,
        Map.of("Cache-Control", "no-store"),
        new ErrorBody("application/json", out.toString()));
  }

  /** {@link #check()} for {@code GET} and {@code HEAD}; {@code 405} for any other method. */
  @Override
  public Rejection handle(RequestView view, InputStream body) {
    if (!"GET".equals(view.method) && !"HEAD".equals(view.method)) {
      return EventTokens.methodNotAllowed(
          "GET, HEAD", JsonBodies.oauthError("invalid_request", "use GET"));
    }
    return check();
  }

  /**
   * The kind of a fetch failure, never its text: a failure's description can name locations and
   * redirect targets, which a probe's answer has no need to show.
   */
  static @Nullable String errorKind(@Nullable String lastError) {
    if (lastError == null) {
      return null;
    }
    String lower = lastError.toLowerCase(Locale.ROOT);
    if (lower.startsWith("http ") && lower.length() >= 8) {
      String status = lower.substring(5, 8);
      return status.chars().allMatch(Character::isDigit) ? "http_" + status : "http";
    }
    if (lower.contains("timed out") || lower.contains("timeout")) {
      return "timeout";
    }
    if (lower.contains("redirect")) {
      return "redirect";
    }
    if (lower.contains("exceeds")) {
      return "too_large";
    }
    if (lower.startsWith("invalid") || lower.contains("has no ")) {
      return "invalid_document";
    }
    if (lower.contains("connect") || lower.contains("closed") || lower.contains("ioexception")) {
      return "connection";
    }
    return "fetch_failed";
  }
}
