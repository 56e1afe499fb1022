package dev.gatehouse.bench;

import dev.gatehouse.Auth;
import dev.gatehouse.AuthException;
import dev.gatehouse.IssuerPolicy;
import dev.gatehouse.TokenVerifier;
import dev.gatehouse.testkit.MockIssuer;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;

/**
 * One issuer, one key and one long-lived access token for a JWS algorithm: what every verifier in
 * one benchmark fork checks. The issuer serves its JWKS on 127.0.0.1 so Gatehouse fetches the key
 * the way it does in production, once, before anything is measured.
 *
 * <p>The token is a typical RFC 9068 access token: {@code iss}, {@code sub}, {@code aud}, {@code
 * iat}, {@code exp} (a year ahead, so no run outlives it), {@code scope}, {@code jti}, {@code
 * client_id}, and a {@code kid} header.
 *
 * <p>Not thread-safe to start or close; the fields are read-only once started.
 */
public final class Fixture implements AutoCloseable {
  /** The audience every token carries and every verifier requires. */
  public static final String AUDIENCE = "orders-api";

  /** How long minted tokens live: far past any run. */
  static final Duration TOKEN_LIFETIME = Duration.ofDays(365);

  /** Keys stay fresh for the whole run, so no refresh is ever due while measuring. */
  private static final Duration JWKS_TTL = Duration.ofHours(12);

  public final String alg;
  public final MockIssuer issuer;
  public final String token;
  public final PublicKey publicKey;

  /** The JWS signing input, ASCII: {@code header.payload}. */
  public final byte[] signingInput;

  /** The JWS signature bytes as the token carries them (R || S for ECDSA). */
  public final byte[] signature;

  private Fixture(String alg, MockIssuer issuer) {
    this.alg = alg;
    this.issuer = issuer;
    this.token = mint(issuer, "bench-user");
    this.publicKey = issuer.publicKey(issuer.signingKid());
    int lastDot = token.lastIndexOf('.');
    this.signingInput = token.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII);
    this.signature = Base64.getUrlDecoder().decode(token.substring(lastDot + 1));
  }

  /** Starts an issuer with one key for {@code alg} and mints the token. */
  public static Fixture start(String alg) {
    Objects.requireNonNull(alg, "alg");
    return new Fixture(alg, MockIssuer.builder().algorithm(alg).audience(AUDIENCE).start());
  }

  /** A token for {@code subject} with the same claims, signed by the same key. */
  public static String mint(MockIssuer issuer, String subject) {
    return issuer
        .token()
        .subject(subject)
        .scopes("orders:read", "orders:write")
        .jwtId(subject + "-" + Long.toHexString(System.nanoTime()))
        .claim("client_id", "bench-client")
        .expiresIn(TOKEN_LIFETIME)
        .sign();
  }

  /** The policy for this issuer: its exact {@code iss}, our audience, the JWKS on loopback. */
  public IssuerPolicy policy() {
    return policy(issuer);
  }

  /** The policy for {@code issuer}: its exact {@code iss}, our audience, the JWKS on loopback. */
  public static IssuerPolicy policy(MockIssuer issuer) {
    return IssuerPolicy.builder(issuer.issuer())
        .audiences(AUDIENCE)
        .jwksUri(issuer.jwksUri())
        .jwksTtl(JWKS_TTL)
        .build();
  }

  /**
   * A verifier for this issuer with the default token cache and the signature provider {@code
   * provider}. It has verified the token once, so the JWKS is fetched, every class is loaded and
   * the token is cached.
   *
   * @throws IllegalStateException if the verifier refuses the fixture's token
   */
  public TokenVerifier verifier(String provider) {
    TokenVerifier verifier =
        TokenVerifier.builder().issuer(policy()).signatureProvider(provider).build();
    check(verifier, token, "Gatehouse (signatureProvider " + provider + ")");
    return verifier;
  }

  /**
   * A verifier for this issuer without a token cache, so every call verifies the signature, with
   * the signature provider {@code provider}. It has verified the token once, so the JWKS is fetched
   * and every class is loaded.
   *
   * @throws IllegalStateException if the verifier refuses the fixture's token
   */
  public TokenVerifier uncachedVerifier(String provider) {
    TokenVerifier verifier =
        TokenVerifier.builder()
            .issuer(policy())
            .tokenCacheSize(0)
            .signatureProvider(provider)
            .build();
    check(verifier, token, "Gatehouse (signatureProvider " + provider + ", no token cache)");
    return verifier;
  }

  /** Verifies {@code token} once, failing set-up loudly if the verifier refuses it. */
  public static Auth check(TokenVerifier verifier, String token, String what) {
    try {
      return verifier.verify(token);
    } catch (AuthException e) {
      throw new IllegalStateException(what + " refuses a valid token: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    issuer.close();
  }
}
