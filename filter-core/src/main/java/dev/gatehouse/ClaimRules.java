package dev.gatehouse;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The header and claim checks of one issuer's policy (RFC 7519 §4.1, RFC 9068 §4), run before any
 * key lookup so that expired or misaddressed tokens never cause a JWKS fetch. Messages name the
 * check, never a claim value.
 */
final class ClaimRules {
  /** Claim values beyond this many seconds from the epoch are clamped; no real date is near. */
  private static final long MAX_SECONDS = 1_000_000_000_000_000L;

  private static final Set<String> ACCEPTED_TYPES = Set.of("jwt", "at+jwt", "application/at+jwt");
  private static final Set<String> ACCESS_TOKEN_TYPES = Set.of("at+jwt", "application/at+jwt");

  /** Claims only an OpenID Connect ID token carries (OpenID Connect Core 1.0 §2, §3.1.3.6). */
  private static final List<String> ID_TOKEN_CLAIMS = List.of("nonce", "at_hash", "c_hash");

  /**
   * {@code typ} claim values of access tokens: some providers (Keycloak) mark access tokens {@code
   * Bearer} and ID, refresh and logout tokens otherwise in the payload only.
   */
  private static final Set<String> ACCESS_TOKEN_CLAIM_TYPES =
      Set.of("bearer", "jwt", "at+jwt", "application/at+jwt");

  private ClaimRules() {}

  static void checkHeader(SignedToken token, IssuerPolicy policy) throws AuthException {
    if (!policy.algorithms().contains(token.alg)) {
      throw fail(FailureReason.DISALLOWED_ALGORITHM, "algorithm not allowed");
    }
    String typ = token.typ;
    // RFC 8725 §3.11: explicit typing keeps other JWTs (DPoP proofs, logout tokens) out.
    Set<String> accepted = policy.requireAccessTokenType() ? ACCESS_TOKEN_TYPES : ACCEPTED_TYPES;
    if ((typ == null && policy.requireAccessTokenType())
        || (typ != null && !containsIgnoringCase(accepted, typ))) {
      throw fail(FailureReason.MALFORMED_TOKEN, "token type not accepted");
    }
  }

  /** Whether {@code lowerCase} holds {@code value} in any case, without a lower-cased copy. */
  private static boolean containsIgnoringCase(Set<String> lowerCase, String value) {
    for (String candidate : lowerCase) {
      if (candidate.equalsIgnoreCase(value)) {
        return true;
      }
    }
    return false;
  }

  static Auth check(
      SignedToken token, IssuerPolicy policy, @Nullable ResourceUri resource, Instant now)
      throws AuthException {
    return check(token.claims, policy, resource, now);
  }

  /**
   * The claim checks on claims from any source: a JWT's payload, an introspection answer; {@code
   * resource}, when set, is an accepted audience (RFC 8707), compared on its canonical form.
   */
  static Auth check(
      Map<String, @Nullable Object> claims,
      IssuerPolicy policy,
      @Nullable ResourceUri resource,
      Instant now)
      throws AuthException {
    if (!policy.allowIdTokens()) {
      refuseOtherTokenTypes(claims);
    }
    Duration leeway = policy.leeway();
    Instant exp = instant(claims, "exp");
    if (exp == null) {
      throw fail(FailureReason.MISSING_CLAIM, "exp claim is missing");
    }
    // RFC 7519 §4.1.4: the current time must be before exp (plus the leeway).
    if (!now.isBefore(exp.plus(leeway))) {
      throw fail(FailureReason.EXPIRED, "token expired");
    }
    Instant nbf = instant(claims, "nbf");
    if (nbf != null && now.plus(leeway).isBefore(nbf)) {
      throw fail(FailureReason.NOT_YET_VALID, "token not yet valid");
    }
    Instant iat = instant(claims, "iat");
    if (iat != null && iat.isAfter(now.plus(leeway))) {
      throw fail(FailureReason.NOT_YET_VALID, "token issued in the future");
    }
    Duration maxLifetime = policy.maxTokenLifetime();
    if (maxLifetime != null) {
      if (iat == null) {
        throw fail(FailureReason.MISSING_CLAIM, "iat claim is missing");
      }
      if (Duration.between(iat, exp).compareTo(maxLifetime) > 0) {
        throw fail(FailureReason.MALFORMED_TOKEN, "token lifetime exceeds the maximum");
      }
    }
    String subject = string(claims, "sub");
    if (subject == null || subject.isEmpty()) {
      throw fail(FailureReason.MISSING_CLAIM, "sub claim is missing");
    }
    List<String> audiences = audiences(claims);
    if (!policy.acceptsAnyAudience() && !audienceAccepted(audiences, policy, resource)) {
      throw fail(FailureReason.WRONG_AUDIENCE, "audience not accepted");
    }
    return new Auth(
        subject,
        policy.issuer(),
        audiences,
        scopes(claims),
        exp,
        iat,
        string(claims, "jti"),
        claims);
  }

  private static boolean audienceAccepted(
      List<String> audiences, IssuerPolicy policy, @Nullable ResourceUri resource) {
    for (String audience : audiences) {
      if (policy.audiences().contains(audience)
          || (resource != null && resource.isNamedBy(audience))) {
        return true;
      }
    }
    return false;
  }

  private static void refuseOtherTokenTypes(Map<String, @Nullable Object> claims)
      throws AuthException {
    for (int i = 0; i < ID_TOKEN_CLAIMS.size(); i++) {
      if (claims.get(ID_TOKEN_CLAIMS.get(i)) != null) {
        throw fail(FailureReason.MALFORMED_TOKEN, "an ID token is not an access token");
      }
    }
    Object typ = claims.get("typ");
    if (typ != null
        && !(typ instanceof String value
            && containsIgnoringCase(ACCESS_TOKEN_CLAIM_TYPES, value))) {
      throw fail(FailureReason.MALFORMED_TOKEN, "token type not accepted");
    }
  }

  /**
   * RFC 7519 §2 NumericDate: seconds since the epoch, fractions truncated, absurd values clamped.
   */
  private static @Nullable Instant instant(Map<String, @Nullable Object> claims, String name)
      throws AuthException {
    // A JSON null counts as absent, as for every claim.
    Object value = claims.get(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Number number)) {
      throw wrongType(name);
    }
    return Instant.ofEpochSecond(seconds(number));
  }

  /** A NumericDate's seconds, fractions truncated, absurd values clamped. */
  static long seconds(Number number) {
    double approx = number.doubleValue();
    return approx >= MAX_SECONDS
        ? MAX_SECONDS
        : approx <= -MAX_SECONDS ? -MAX_SECONDS : number.longValue();
  }

  private static @Nullable String string(Map<String, @Nullable Object> claims, String name)
      throws AuthException {
    Object value = claims.get(name);
    if (value == null) {
      return null;
    }
    if (value instanceof String s) {
      return s;
    }
    throw wrongType(name);
  }

  private static List<String> audiences(Map<String, @Nullable Object> claims) throws AuthException {
    Object aud = claims.get("aud");
    if (aud == null) {
      return List.of();
    }
    if (aud instanceof String single) {
      return List.of(single);
    }
    return strings(aud, "aud");
  }

  /**
   * RFC 8693 §4.2 {@code scope} (space-separated string), else the {@code scp} array many IdPs use.
   */
  private static Set<String> scopes(Map<String, @Nullable Object> claims) throws AuthException {
    String name = claims.get("scope") != null ? "scope" : "scp";
    Object scope = claims.get(name);
    if (scope == null) {
      return Set.of();
    }
    Set<String> out = new LinkedHashSet<>();
    if (scope instanceof String s) {
      // RFC 6749 §3.3: space-delimited; read in place rather than through a regex split.
      for (int start = 0, end; start < s.length(); start = end + 1) {
        end = s.indexOf(' ', start);
        end = end < 0 ? s.length() : end;
        if (end > start) {
          out.add(s.substring(start, end));
        }
      }
      return Frozen.set(out);
    }
    for (String value : strings(scope, name)) {
      if (!value.isEmpty()) {
        out.add(value);
      }
    }
    return Frozen.set(out);
  }

  private static List<String> strings(Object value, String name) throws AuthException {
    if (!(value instanceof List<?> list)) {
      throw wrongType(name);
    }
    List<String> out = new ArrayList<>(list.size());
    for (Object element : list) {
      if (!(element instanceof String s)) {
        throw wrongType(name);
      }
      out.add(s);
    }
    return out;
  }

  private static AuthException wrongType(String claim) {
    return fail(FailureReason.MISSING_CLAIM, claim + " claim has the wrong type");
  }

  private static AuthException fail(FailureReason reason, String message) {
    return AuthFailure.of(reason, message).exception();
  }
}
