package dev.gatehouse;

import dev.gatehouse.jwks.JwksSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.jose4j.lang.JoseException;
import org.jspecify.annotations.Nullable;

/**
 * Interprets one JWKS fetch: a 304 renews the current key set, a 200 with a valid document is the
 * next one, and anything else is a failure with a short description (never the body). The lifetime
 * comes from {@code Cache-Control: max-age}, within the settings' bounds.
 */
final class JwksResponse {
  /**
   * The outcome: the key set to use from now on, or why there is none.
   *
   * @param keys the renewed or new key set, or null on failure
   * @param failure what went wrong, or null on success
   */
  record Outcome(@Nullable KeySet keys, @Nullable String failure) {}

  private JwksResponse() {}

  static Outcome read(
      @Nullable KeySet current,
      HttpFetcher.@Nullable Response response,
      @Nullable Throwable error,
      Instant now,
      JwksSettings settings) {
    if (error != null) {
      return new Outcome(null, KeySource.describe(error));
    }
    if (response == null) {
      return new Outcome(null, "no response");
    }
    if (response.status() == 304 && current != null) {
      return new Outcome(
          current.renewed(
              now,
              lifetime(response, settings),
              response.header("ETag"),
              response.header("Last-Modified")),
          null);
    }
    if (response.status() != 200) {
      return new Outcome(null, "HTTP " + response.status());
    }
    try {
      String json = new String(response.body(), StandardCharsets.UTF_8);
      return new Outcome(
          KeySet.parse(
              json,
              now,
              lifetime(response, settings),
              response.header("ETag"),
              response.header("Last-Modified")),
          null);
    } catch (JoseException | RuntimeException e) {
      return new Outcome(null, "invalid JWKS document");
    }
  }

  private static Duration lifetime(HttpFetcher.Response response, JwksSettings settings) {
    Duration maxAge = CacheControl.maxAge(response.header("Cache-Control"));
    if (maxAge == null) {
      return settings.ttl();
    }
    if (maxAge.compareTo(JwksSettings.MIN_MAX_AGE) < 0) {
      return JwksSettings.MIN_MAX_AGE;
    }
    return maxAge.compareTo(JwksSettings.MAX_MAX_AGE) > 0 ? JwksSettings.MAX_MAX_AGE : maxAge;
  }
}
