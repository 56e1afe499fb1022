package dev.gatehouse.testkit;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jose4j.base64url.Base64Url;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwa.AlgorithmFactoryFactory;
import org.jose4j.jwk.JsonWebKey.OutputControlLevel;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jws.JsonWebSignatureAlgorithm;
import org.jose4j.lang.HashUtil;
import org.jose4j.lang.JoseException;
import org.jspecify.annotations.Nullable;

/**
 * A client's DPoP key and the proofs it signs (RFC 9449 section 4), for tests of resource servers
 * and authorization servers that take sender-constrained tokens.
 *
 * <pre>{@code
 * DpopProver client = DpopProver.es256();
 * String token = issuer.token().dpopBound(client.thumbprint()).sign();
 * URI api = URI.create("https://127.0.0.1:8443/orders");
 * String proof = client.proof("GET", api, token);
 * // send "Authorization: DPoP " + token and "DPoP: " + proof
 * String stale = client.builder("GET", api).accessToken(token).iat(Instant.EPOCH).sign();
 * }</pre>
 *
 * <p>A proof's header has {@code typ} "dpop+jwt", the prover's {@code alg} and its public key as
 * {@code jwk}; its claims are a fresh {@code jti} of 128 random bits, {@code htm}, {@code htu} (the
 * URI without query and fragment, RFC 9449 section 4.2) and {@code iat} from the prover's clock.
 * {@link #builder(String, URI)} breaks one rule at a time.
 *
 * <p>Immutable and thread-safe; share one instance per simulated client.
 */
public final class DpopProver {

  /** The {@code typ} header of a DPoP proof (RFC 9449 section 4.2). */
  public static final String TYPE = "dpop+jwt";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final String alg;
  private final PublicJsonWebKey key;
  private final Clock clock;
  private final String thumbprint;

  DpopProver(String alg, PublicJsonWebKey key, Clock clock) {
    this.alg = alg;
    this.key = key;
    this.clock = clock;
    this.thumbprint = key.calculateBase64urlEncodedThumbprint(HashUtil.SHA_256);
  }

  /** Returns a prover with a new EC P-256 key that signs ES256 proofs on the system UTC clock. */
  public static DpopProver es256() {
    return generate("ES256");
  }

  /**
   * Returns a prover with a new key for {@code alg}: ES256, ES384, ES512, RS256, RS384, RS512,
   * PS256, PS384, PS512 or EdDSA (Ed25519). RSA keys are 2048 bits. Proofs take {@code iat} from
   * the system UTC clock.
   *
   * @throws IllegalArgumentException for any other algorithm
   */
  public static DpopProver generate(String alg) {
    Objects.requireNonNull(alg, "alg");
    KeyRing.checkAlgorithm(alg);
    return new DpopProver(alg, KeyRing.generate(alg), Clock.systemUTC());
  }

  /** Returns a prover with the same key whose proofs take {@code iat} from {@code clock}. */
  public DpopProver clock(Clock clock) {
    return new DpopProver(alg, key, Objects.requireNonNull(clock, "clock"));
  }

  /** Returns the algorithm the prover signs with, such as "ES256". */
  public String algorithm() {
    return alg;
  }

  /**
   * Returns the key's JWK SHA-256 thumbprint (RFC 7638), base64url without padding: the {@code jkt}
   * that binds a token to this key (RFC 9449 section 6.1).
   */
  public String thumbprint() {
    return thumbprint;
  }

  /**
   * Returns a valid proof for a request with {@code method} to {@code uri}, without {@code ath}.
   */
  public String proof(String method, URI uri) {
    return builder(method, uri).sign();
  }

  /**
   * Returns a valid proof for a request with {@code method} to {@code uri} that presents {@code
   * accessToken}: {@code ath} is its hash (RFC 9449 section 4.2).
   */
  public String proof(String method, URI uri, String accessToken) {
    return builder(method, uri).accessToken(accessToken).sign();
  }

  /**
   * Returns a valid proof as {@link #proof(String, URI, String)} that also carries the server's
   * {@code nonce} (RFC 9449 section 8).
   */
  public String proof(String method, URI uri, String accessToken, String nonce) {
    return builder(method, uri)
        .accessToken(accessToken)
        .nonce(Objects.requireNonNull(nonce, "nonce"))
        .sign();
  }

  /**
   * Returns a builder for a proof for a request with {@code method} to {@code uri}, valid until a
   * setter breaks it.
   *
   * @throws IllegalArgumentException if {@code method} is blank or {@code uri} is not an absolute
   *     URI with a host
   */
  public Proof builder(String method, URI uri) {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(uri, "uri");
    if (method.isBlank()) {
      throw new IllegalArgumentException("method must not be blank: '" + method + "'");
    }
    if (!uri.isAbsolute() || uri.getHost() == null) {
      throw new IllegalArgumentException("uri must be an absolute URI with a host: " + uri);
    }
    return new Proof(this, method, htu(uri));
  }

  @Override
  public String toString() {
    return "DpopProver[" + alg + ", jkt=" + thumbprint + "]";
  }

  /** The {@code ath} of a token: base64url of the SHA-256 of its ASCII bytes. */
  static String accessTokenHash(String accessToken) {
    byte[] ascii = accessToken.getBytes(StandardCharsets.US_ASCII);
    return Base64Url.encode(HashUtil.getMessageDigest(HashUtil.SHA_256).digest(ascii));
  }

  /** RFC 9449 section 4.2: the target URI without query and fragment. */
  private static String htu(URI uri) {
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    return uri.getScheme() + "://" + uri.getRawAuthority() + path;
  }

  /**
   * One DPoP proof under construction: valid by default, and broken one rule at a time by its
   * setters. A null argument leaves that header or claim out.
   *
   * <p>Not thread-safe: build each proof on one thread.
   */
  public static final class Proof {

    private final DpopProver prover;
    private final Map<String, Object> headers = new LinkedHashMap<>();
    private final Map<String, @Nullable Object> claims = new LinkedHashMap<>();
    private DpopProver signer;

    private Proof(DpopProver prover, String method, String htu) {
      this.prover = prover;
      this.signer = prover;
      headers.put("typ", TYPE);
      headers.put("alg", prover.alg);
      headers.put("jwk", prover.key.toParams(OutputControlLevel.PUBLIC_ONLY));
      byte[] jti = new byte[16];
      RANDOM.nextBytes(jti);
      claims.put("jti", Base64Url.encode(jti));
      claims.put("htm", method);
      claims.put("htu", htu);
      claims.put("iat", prover.clock.instant().getEpochSecond());
    }

    /** Sets the header {@code typ}, by default "dpop+jwt". */
    public Proof typ(@Nullable String typ) {
      return header("typ", typ);
    }

    /**
     * Sets only the header {@code alg}, such as "none" or "HS256"; the prover's key still signs
     * with the prover's algorithm.
     */
    public Proof alg(String alg) {
      return header("alg", Objects.requireNonNull(alg, "alg"));
    }

    /**
     * Replaces the header {@code jwk}, by default the prover's public key. The value must be JSON
     * as for {@link #claim(String, Object)}.
     */
    public Proof jwk(@Nullable Map<String, Object> jwk) {
      JsonValues.check("jwk", jwk);
      return header("jwk", jwk == null ? null : new LinkedHashMap<>(jwk));
    }

    /** Puts the prover's private key members in the header {@code jwk} (RFC 9449 section 4.3). */
    public Proof withPrivateKeyInJwk() {
      return header("jwk", prover.key.toParams(OutputControlLevel.INCLUDE_PRIVATE));
    }

    /** Sets {@code htm}, the request method. */
    public Proof htm(@Nullable String htm) {
      return optional("htm", htm);
    }

    /** Sets {@code htu} exactly as given, query and fragment too. */
    public Proof htu(@Nullable String htu) {
      return optional("htu", htu);
    }

    /** Sets {@code iat}, by default now on the prover's clock. */
    public Proof iat(@Nullable Instant iat) {
      return optional("iat", iat == null ? null : iat.getEpochSecond());
    }

    /** Sets {@code jti}, by default 128 random bits; reuse one to test replay detection. */
    public Proof jti(@Nullable String jti) {
      return optional("jti", jti);
    }

    /** Sets {@code ath} as given; {@link #accessToken(String)} computes it. */
    public Proof ath(@Nullable String ath) {
      return optional("ath", ath);
    }

    /** Sets {@code ath} to the hash of {@code accessToken} (RFC 9449 section 4.2). */
    public Proof accessToken(String accessToken) {
      return optional("ath", accessTokenHash(Objects.requireNonNull(accessToken, "accessToken")));
    }

    /** Sets {@code nonce}, the value of a server's {@code DPoP-Nonce} header. */
    public Proof nonce(@Nullable String nonce) {
      return optional("nonce", nonce);
    }

    /**
     * Sets any claim, replacing a default; a null value is sent as JSON null. The value must be
     * JSON: null, a String, Number or Boolean, or a List or Map (with String keys) of those.
     */
    public Proof claim(String name, @Nullable Object value) {
      Objects.requireNonNull(name, "name");
      JsonValues.check(name, value);
      claims.put(name, value);
      return this;
    }

    /**
     * Signs with {@code other}'s key and algorithm while the header keeps this prover's {@code alg}
     * and {@code jwk}, so the signature does not verify with the key the proof names.
     */
    public Proof signedBy(DpopProver other) {
      this.signer = Objects.requireNonNull(other, "other");
      return this;
    }

    /**
     * Returns the proof in JWS compact serialization (RFC 7515 section 7.1).
     *
     * @throws IllegalStateException if the key cannot sign
     */
    public String sign() {
      String payload = JsonUtil.toJson(claims);
      try {
        if (signer.alg.equals(headers.get("alg"))) {
          JsonWebSignature jws = new JsonWebSignature();
          headers.forEach(jws.getHeaders()::setObjectHeaderValue);
          jws.setPayload(payload);
          jws.setAlgorithmConstraints(AlgorithmConstraints.NO_CONSTRAINTS);
          jws.setKey(signer.key.getPrivateKey());
          return jws.getCompactSerialization();
        }
        return signedWithAnotherAlg(payload);
      } catch (JoseException e) {
        throw new IllegalStateException("cannot sign a DPoP proof with alg " + signer.alg, e);
      }
    }

    /**
     * jose4j signs with the algorithm the header names, so a header naming another one takes the
     * signer's algorithm directly over the JWS signing input (RFC 7515 section 5.1).
     */
    private String signedWithAnotherAlg(String payload) throws JoseException {
      String input =
          Base64Url.encode(JsonUtil.toJson(headers), "UTF-8")
              + "."
              + Base64Url.encode(payload, "UTF-8");
      JsonWebSignatureAlgorithm algorithm =
          AlgorithmFactoryFactory.getInstance().getJwsAlgorithmFactory().getAlgorithm(signer.alg);
      byte[] signature =
          algorithm.sign(
              algorithm.prepareForSign(
                  signer.key.getPrivateKey(), new org.jose4j.jca.ProviderContext()),
              input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + Base64Url.encode(signature);
    }

    private Proof header(String name, @Nullable Object value) {
      if (value == null) {
        headers.remove(name);
      } else {
        headers.put(name, value);
      }
      return this;
    }

    private Proof optional(String name, @Nullable Object value) {
      if (value == null) {
        claims.remove(name);
      } else {
        claims.put(name, value);
      }
      return this;
    }
  }
}
