package dev.gatehouse;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * Finds an issuer's {@code jwks_uri}: from OpenID Connect Discovery 1.0 §4 ({@code
 * {issuer}/.well-known/openid-configuration}), else RFC 8414 §3 ({@code
 * /.well-known/oauth-authorization-server} inserted before the issuer's path), else a fixed path
 * relative to the issuer. The metadata's {@code issuer} must equal the configured issuer exactly
 * (OIDC Discovery §4.3, RFC 8414 §3.3), and is re-read when it expires.
 *
 * <p>Thread-safe; called only from its {@link KeySource}'s single-flight refresh.
 */
final class Discovery {
  private final String issuer;
  private final @Nullable String jwksPath;
  private final HttpFetcher fetcher;
  private final Clock clock;
  private final Duration ttl;
  private volatile @Nullable URI jwksUri;

  /** The metadata member this discovery reads: {@code jwks_uri} unless told otherwise. */
  private final String member;

  private volatile Instant expiresAt = Instant.MIN;

  Discovery(
      String issuer, @Nullable String jwksPath, HttpFetcher fetcher, Clock clock, Duration ttl) {
    this(issuer, jwksPath, fetcher, clock, ttl, "jwks_uri");
  }

  /** A discovery of another metadata member, such as {@code introspection_endpoint}. */
  Discovery(
      String issuer,
      @Nullable String jwksPath,
      HttpFetcher fetcher,
      Clock clock,
      Duration ttl,
      String member) {
    this.member = member;
    this.issuer = issuer;
    this.jwksPath = jwksPath;
    this.fetcher = fetcher;
    this.clock = clock;
    this.ttl = ttl;
  }

  /** Where the discovery starts, for status and logs. */
  URI location() {
    URI known = jwksUri;
    return known != null ? known : openIdConfiguration(issuer);
  }

  CompletableFuture<URI> jwksUri() {
    if (jwksPath != null) {
      return CompletableFuture.completedFuture(below(issuer, jwksPath));
    }
    URI known = jwksUri;
    if (known != null && clock.instant().isBefore(expiresAt)) {
      return CompletableFuture.completedFuture(known);
    }
    return read(openIdConfiguration(issuer))
        // A document that names another issuer is a misconfiguration, not a reason to look
        // elsewhere.
        .exceptionallyCompose(
            first ->
                isMismatch(first)
                    ? CompletableFuture.failedFuture(first)
                    : read(oauthMetadata(issuer)))
        .handle(
            (uri, error) -> {
              if (error == null) {
                jwksUri = uri;
                expiresAt = clock.instant().plus(ttl);
                return uri;
              }
              // Metadata unreachable: keep using the jwks_uri it named before, if any.
              if (known != null) {
                return known;
              }
              throw new HttpFetcher.FetchException(
                  "issuer metadata unavailable: " + KeySource.describe(error));
            });
  }

  private CompletableFuture<URI> read(URI metadataUri) {
    return fetcher.get(metadataUri, null, null).thenApply(response -> parse(metadataUri, response));
  }

  private URI parse(URI metadataUri, HttpFetcher.Response response) {
    if (response.status() != 200) {
      throw new HttpFetcher.FetchException("HTTP " + response.status() + " from " + metadataUri);
    }
    // The one strict reader: a duplicate "issuer" or "jwks_uri" is ambiguous, so it is refused.
    Map<String, @Nullable Object> metadata = StrictJson.object(response.body());
    if (metadata == null) {
      throw new HttpFetcher.FetchException("invalid JSON from " + metadataUri);
    }
    Object named = metadata.get("issuer");
    if (!issuer.equals(named)) {
      throw new IssuerMismatch(
          "metadata at " + metadataUri + " names issuer " + named + ", expected " + issuer);
    }
    if (!(metadata.get(member) instanceof String value)) {
      throw new HttpFetcher.FetchException("metadata at " + metadataUri + " has no " + member);
    }
    URI uri;
    try {
      uri = URI.create(value);
    } catch (IllegalArgumentException e) {
      throw new HttpFetcher.FetchException(
          "metadata at " + metadataUri + " has an invalid " + member);
    }
    if (uri.getRawUserInfo() != null || !Locations.isAllowed(uri)) {
      throw new HttpFetcher.FetchException(
          member
              + " must be https (or http on loopback) without user information: "
              + Locations.printable(uri));
    }
    return uri;
  }

  private static boolean isMismatch(Throwable error) {
    Throwable cause = error;
    while (cause.getCause() != null && !(cause instanceof IssuerMismatch)) {
      cause = cause.getCause();
    }
    return cause instanceof IssuerMismatch;
  }

  /**
   * The metadata names another issuer (OIDC Discovery §4.3): never used, never retried elsewhere.
   */
  static final class IssuerMismatch extends HttpFetcher.FetchException {
    private static final long serialVersionUID = 1L;

    IssuerMismatch(String message) {
      super(message);
    }
  }

  static URI openIdConfiguration(String issuer) {
    return below(issuer, "/.well-known/openid-configuration");
  }

  /**
   * {@code path} appended to the issuer's path with URI rules: scheme and authority kept, no query
   * or fragment carried over (an issuer has none; refused at configuration).
   */
  static URI below(String issuer, String path) {
    URI uri = URI.create(issuer);
    String base = uri.getRawPath() == null ? "" : trimSlash(uri.getRawPath());
    return URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + base + path);
  }

  /** RFC 8414 §3.1: the well-known segment goes between the host and the issuer's path. */
  static URI oauthMetadata(String issuer) {
    URI uri = URI.create(issuer);
    String path = uri.getRawPath() == null ? "" : trimSlash(uri.getRawPath());
    String authority = uri.getRawAuthority();
    return URI.create(
        uri.getScheme() + "://" + authority + "/.well-known/oauth-authorization-server" + path);
  }

  private static String trimSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
