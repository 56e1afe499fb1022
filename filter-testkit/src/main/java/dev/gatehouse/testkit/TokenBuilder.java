package dev.gatehouse.testkit;

import java.security.Key;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.keys.HmacKey;
import org.jose4j.keys.X509Util;
import org.jose4j.lang.JoseException;
import org.jspecify.annotations.Nullable;

/**
 * Builds one signed JWT (RFC 7519) from a {@link MockIssuer}, good by default and broken on
 * request.
 *
 * <pre>{@code
 * String expired = issuer.token()
 *     .subject("alice")
 *     .scopes("orders:read")
 *     .expiresAt(issuer.clock().instant().minusSeconds(60))
 *     .sign();
 * }</pre>
 *
 * <p>Defaults: {@code iss} the issuer, {@code sub} "user-1", {@code aud} the issuer's audience,
 * {@code iat} now and {@code exp} five minutes later on the issuer's clock; header {@code alg} of
 * the current signing key, {@code kid} of that key and {@code typ} "JWT".
 *
 * <p>Not thread-safe: build each token on one thread.
 */
public final class TokenBuilder {

  private static final Duration LIFETIME = Duration.ofMinutes(5);

  private final KeyRing keys;
  private final Clock clock;
  private final Map<String, @Nullable Object> claims = new LinkedHashMap<>();
  private final Map<String, Object> headers = new LinkedHashMap<>();
  private String signingKid;
  private @Nullable String algorithm;

  TokenBuilder(String issuer, String audience, Clock clock, KeyRing keys) {
    this.keys = keys;
    this.clock = clock;
    this.signingKid = keys.signingKid();
    Instant now = clock.instant();
    claims.put("iss", issuer);
    claims.put("sub", "user-1");
    claims.put("aud", audience);
    claims.put("iat", now.getEpochSecond());
    claims.put("exp", now.plus(LIFETIME).getEpochSecond());
    headers.put("kid", signingKid);
    headers.put("typ", "JWT");
  }

  /** Sets {@code sub}; null omits it. */
  public TokenBuilder subject(@Nullable String subject) {
    return optional("sub", subject);
  }

  /** Sets {@code iss}; null omits it. */
  public TokenBuilder issuer(@Nullable String issuer) {
    return optional("iss", issuer);
  }

  /** Sets {@code aud}: one value as a string, several as an array, none omits it. */
  public TokenBuilder audience(String... audience) {
    List<String> values = List.of(audience);
    return optional("aud", values.size() == 1 ? values.get(0) : values.isEmpty() ? null : values);
  }

  /** Sets {@code scope} to the values joined by spaces (RFC 8693 section 4.2); none omits it. */
  // The Javadoc names the scope claim, which InvalidParam takes for a misspelt "scopes".
  @SuppressWarnings("InvalidParam")
  public TokenBuilder scopes(String... scopes) {
    return optional("scope", scopes.length == 0 ? null : String.join(" ", List.of(scopes)));
  }

  /** Sets {@code scp} to an array of the values, as Okta does; none omits it. */
  public TokenBuilder scp(String... scopes) {
    return optional("scp", scopes.length == 0 ? null : List.of(scopes));
  }

  /** Sets {@code roles} to an array of the values (RFC 9068 section 2.2.3.1); none omits it. */
  public TokenBuilder roles(String... roles) {
    return optional("roles", roles.length == 0 ? null : List.of(roles));
  }

  /**
   * Sets any claim, replacing a default. The value must be JSON: null, a String, Number or Boolean,
   * or a List or Map (with String keys) of those.
   */
  public TokenBuilder claim(String name, @Nullable Object value) {
    Objects.requireNonNull(name, "name");
    JsonValues.check(name, value);
    claims.put(name, value);
    return this;
  }

  /** Leaves claim {@code name} out, such as "exp", "sub" or "iat". */
  public TokenBuilder withoutClaim(String name) {
    claims.remove(Objects.requireNonNull(name, "name"));
    return this;
  }

  /**
   * Binds the token to a DPoP key (RFC 9449 section 6.1): sets member {@code jkt} of claim {@code
   * cnf} to {@code jkt}, such as {@link DpopProver#thumbprint()}, keeping other {@code cnf}
   * members.
   */
  public TokenBuilder dpopBound(String jkt) {
    return confirmation("jkt", Objects.requireNonNull(jkt, "jkt"));
  }

  /**
   * Binds the token to a TLS client certificate (RFC 8705 section 3.1): sets member {@code
   * x5t#S256} of claim {@code cnf} to the unpadded base64url SHA-256 of the certificate's DER
   * encoding, keeping other {@code cnf} members.
   */
  public TokenBuilder certificateBound(X509Certificate cert) {
    Objects.requireNonNull(cert, "cert");
    return confirmation("x5t#S256", X509Util.x5tS256(cert));
  }

  /** The {@code exp} claim as it stands, or null when it is left out or not a number. */
  @Nullable Object expiry() {
    return claims.get("exp") instanceof Number n ? n : null;
  }

  /** Sets {@code iat}. */
  public TokenBuilder issuedAt(Instant issuedAt) {
    return seconds("iat", issuedAt);
  }

  /** Sets {@code exp}. */
  public TokenBuilder expiresAt(Instant expiresAt) {
    return seconds("exp", expiresAt);
  }

  /**
   * Sets {@code exp} to the issuer clock's current time plus {@code lifetime}, which may be
   * negative.
   */
  public TokenBuilder expiresIn(Duration lifetime) {
    Objects.requireNonNull(lifetime, "lifetime");
    return seconds("exp", clock.instant().plus(lifetime));
  }

  /** Sets {@code nbf}. */
  public TokenBuilder notBefore(Instant notBefore) {
    return seconds("nbf", notBefore);
  }

  /** Sets {@code jti}; null omits it. */
  public TokenBuilder jwtId(@Nullable String jwtId) {
    return optional("jti", jwtId);
  }

  /**
   * Signs with the issuer's key {@code kid} (retired ones too) and names it in the header. A kid
   * the issuer never made only goes in the header; the current signing key still signs.
   */
  public TokenBuilder kid(String kid) {
    Objects.requireNonNull(kid, "kid");
    if (keys.find(kid).isPresent()) {
      signingKid = kid;
    }
    headers.put("kid", kid);
    return this;
  }

  /** Sets only the header {@code kid}, null leaving it out; the signing key is unchanged. */
  public TokenBuilder headerKid(@Nullable String kid) {
    return header("kid", kid);
  }

  /** Sets the header {@code typ}; null leaves it out. */
  public TokenBuilder typ(@Nullable String typ) {
    return header("typ", typ);
  }

  /**
   * Sets the header {@code alg}, which by default is the signing key's. For attack tests: "none"
   * gives an unsigned token; HS256, HS384 and HS512 use the DER encoding of the signing key's
   * public key as the HMAC secret (algorithm confusion); any other algorithm the key cannot sign
   * with makes {@link #sign()} throw {@link IllegalStateException}.
   */
  public TokenBuilder algorithm(String alg) {
    this.algorithm = Objects.requireNonNull(alg, "alg");
    return this;
  }

  /**
   * Sets any header parameter, such as "crit", "jku" or "jwk"; a null value leaves it out. The
   * value must be JSON as for {@link #claim(String, Object)}; "alg" is the same as {@link
   * #algorithm(String)}.
   */
  public TokenBuilder header(String name, @Nullable Object value) {
    Objects.requireNonNull(name, "name");
    if (name.equals("alg")) {
      if (!(value instanceof String alg)) {
        throw new IllegalArgumentException("header alg must be a String: " + value);
      }
      return algorithm(alg);
    }
    JsonValues.check(name, value);
    if (value == null) {
      headers.remove(name);
    } else {
      headers.put(name, value);
    }
    return this;
  }

  /**
   * Returns the token in JWS compact serialization (RFC 7515 section 7.1).
   *
   * @throws IllegalStateException if the key cannot sign with the requested algorithm
   */
  public String sign() {
    KeyRing.Entry key = keys.get(signingKid);
    String alg = algorithm != null ? algorithm : key.alg();
    JwtClaims payload = new JwtClaims();
    claims.forEach(payload::setClaim);
    JsonWebSignature jws = new JsonWebSignature();
    jws.setAlgorithmHeaderValue(alg);
    headers.forEach(jws.getHeaders()::setObjectHeaderValue);
    jws.setPayload(payload.toJson());
    // Attack tokens must be producible: no algorithm allow-list, no key-size or curve checks.
    jws.setAlgorithmConstraints(AlgorithmConstraints.NO_CONSTRAINTS);
    jws.setDoKeyValidation(false);
    jws.setKey(signingKey(alg, key));
    try {
      return jws.getCompactSerialization();
    } catch (JoseException | RuntimeException e) {
      throw new IllegalStateException(
          "cannot sign with alg " + alg + " using key " + signingKid + " (" + key.alg() + ")", e);
    }
  }

  private static @Nullable Key signingKey(String alg, KeyRing.Entry key) {
    if (alg.equals(AlgorithmIdentifiers.NONE)) {
      return null;
    }
    if (alg.startsWith("HS")) {
      return new HmacKey(key.jwk().getPublicKey().getEncoded());
    }
    return key.jwk().getPrivateKey();
  }

  private TokenBuilder optional(String name, @Nullable Object value) {
    if (value == null) {
      claims.remove(name);
    } else {
      claims.put(name, value);
    }
    return this;
  }

  /** Adds a member to the confirmation claim (RFC 7800 section 3.1), replacing a non-object. */
  private TokenBuilder confirmation(String member, String value) {
    Map<String, @Nullable Object> cnf = new LinkedHashMap<>();
    if (claims.get("cnf") instanceof Map<?, ?> existing) {
      existing.forEach((name, v) -> cnf.put((String) name, v));
    }
    cnf.put(member, value);
    claims.put("cnf", cnf);
    return this;
  }

  private TokenBuilder seconds(String name, Instant instant) {
    Objects.requireNonNull(instant, name);
    claims.put(name, instant.getEpochSecond());
    return this;
  }
}
