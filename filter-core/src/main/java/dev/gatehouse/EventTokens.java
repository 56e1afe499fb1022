package dev.gatehouse;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The checks that logout tokens (OpenID Connect Back-Channel Logout 1.0 §2.6) and security event
 * tokens (RFC 8417, RFC 8935) share, run before any key lookup: explicit type, audience, an {@code
 * iat} within a window, an unexpired {@code exp} if any, a {@code jti}, and an {@code events}
 * object. Messages name the check, never a claim value.
 */
final class EventTokens {
  private EventTokens() {}

  /**
   * Runs the shared checks.
   *
   * @param types the accepted {@code typ} header values, lower case
   * @param typRequired whether a token without {@code typ} is refused
   */
  static void check(
      SignedToken token,
      IssuerPolicy policy,
      Instant now,
      Set<String> types,
      boolean typRequired,
      Set<String> audiences,
      Duration maxAge)
      throws AuthException {
    if (token.typ == null ? typRequired : !types.contains(token.typ.toLowerCase(Locale.ROOT))) {
      throw fail("token type not accepted");
    }
    Map<String, @Nullable Object> claims = token.claims;
    if (!audienceMatches(claims.get("aud"), audiences)) {
      throw AuthFailure.of(FailureReason.WRONG_AUDIENCE, "audience not accepted").exception();
    }
    Duration leeway = policy.leeway();
    if (!(claims.get("iat") instanceof Number)) {
      throw fail("iat claim is missing");
    }
    Instant iat = issuedAt(token);
    if (iat.isAfter(now.plus(leeway))) {
      throw fail("token issued in the future");
    }
    if (iat.plus(maxAge).plus(leeway).isBefore(now)) {
      throw fail("token too old");
    }
    Object exp = claims.get("exp");
    if (exp != null) {
      if (!(exp instanceof Number expValue)) {
        throw fail("exp claim has the wrong type");
      }
      if (!now.isBefore(Instant.ofEpochSecond(ClaimRules.seconds(expValue)).plus(leeway))) {
        throw fail("token expired");
      }
    }
    if (!(claims.get("jti") instanceof String jti) || jti.isEmpty()) {
      throw fail("jti claim is missing");
    }
    if (!(claims.get("events") instanceof Map<?, ?>)) {
      throw fail("events claim is missing");
    }
  }

  /** The {@code iat} of a token that passed {@link #check}. */
  static Instant issuedAt(SignedToken token) {
    return Instant.ofEpochSecond(
        ClaimRules.seconds(Objects.requireNonNull((Number) token.claims.get("iat"), "iat")));
  }

  /**
   * Remembers the verified token's {@code jti} for as long as {@link #check} would accept it.
   *
   * @throws AuthException if it was seen before ("replayed"), or the cache is full
   */
  static void firstUse(ReplayCache replays, SignedToken token, Duration maxAge, Duration leeway)
      throws AuthException {
    String id = token.claims.get("iss") + " " + token.claims.get("jti");
    if (!replays.firstUse(id, issuedAt(token).plus(maxAge).plus(leeway).plus(leeway))) {
      throw fail("token replayed");
    }
  }

  static boolean audienceMatches(@Nullable Object aud, Set<String> audiences) {
    if (aud instanceof String single) {
      return audiences.contains(single);
    }
    if (aud instanceof List<?> list) {
      for (Object value : list) {
        if (value instanceof String s && audiences.contains(s)) {
          return true;
        }
      }
    }
    return false;
  }

  /** {@code 405} with {@code Allow: POST}: both receivers take POST only. */
  static Rejection methodNotAllowed(ErrorBody body) {
    return methodNotAllowed("POST", body);
  }

  /** {@code 405} allowing {@code allow}. */
  static Rejection methodNotAllowed(String allow, ErrorBody body) {
    Map<String, String> headers = new java.util.LinkedHashMap<>();
    headers.put("Allow", allow);
    headers.put("Cache-Control", "no-store");
    return new Rejection(405, headers, body);
  }

  /** {@code 503} with {@code Retry-After}: the keys (or the replay cache) are unavailable. */
  static Rejection unavailable(ErrorBody body) {
    Map<String, String> headers = new java.util.LinkedHashMap<>();
    headers.put("Retry-After", "5");
    headers.put("Cache-Control", "no-store");
    return new Rejection(503, headers, body);
  }

  /** Any other answer of a receiver, never stored by a cache. */
  static Rejection answer(int status, ErrorBody body) {
    return new Rejection(status, Map.of("Cache-Control", "no-store"), body);
  }

  /**
   * Adds {@code values} to a receiver's audiences: each a real identifier, never blank or {@code *}
   * (an audience check that accepts anything is no check).
   */
  static void addAudiences(java.util.Collection<String> values, Set<String> into, String refusal) {
    for (String value : values) {
      java.util.Objects.requireNonNull(value, "audience");
      if (value.isBlank() || value.equals("*")) {
        throw new IllegalArgumentException(refusal + ": '" + value + "'");
      }
      into.add(value);
    }
  }

  /** A receiver's bound on {@code iat} age, checked once for both builders. */
  static Duration maxAge(Duration maxAge, Duration limit, String what) {
    java.util.Objects.requireNonNull(maxAge, "maxAge");
    if (maxAge.isNegative() || maxAge.isZero() || maxAge.compareTo(limit) > 0) {
      throw new IllegalArgumentException(
          what + " max age must be between 1 s and " + limit.toHours() + " h: " + maxAge);
    }
    return maxAge;
  }

  /** A receiver's body limit, checked once for both builders. */
  static int bodyLimit(int maxBodyBytes, String what) {
    if (maxBodyBytes < 1024 || maxBodyBytes > 1024 * 1024) {
      throw new IllegalArgumentException(
          what + " body limit must be between 1024 and 1048576 bytes: " + maxBodyBytes);
    }
    return maxBodyBytes;
  }

  /** The leeway of {@code issuer}'s policy (a trusted issuer, the token having verified). */
  static Duration leeway(TokenVerifier verifier, String issuer) {
    IssuerPolicy policy = verifier.policy(issuer);
    return policy == null ? Duration.ZERO : policy.leeway();
  }

  static AuthException fail(String message) {
    return AuthFailure.of(FailureReason.MALFORMED_TOKEN, message).exception();
  }
}
