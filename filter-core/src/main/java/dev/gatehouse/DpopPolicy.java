package dev.gatehouse;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;
import org.jspecify.annotations.Nullable;

/**
 * How DPoP proofs (RFC 9449) are checked for the issuers whose {@link IssuerPolicy#dpop()} mode is
 * not {@code OFF}: the proof algorithms, how old a proof may be, server nonces, where used proofs
 * are remembered, and the external base URI {@code htu} is compared with behind a proxy.
 *
 * <pre>{@code
 * TokenVerifier verifier = TokenVerifier.builder()
 *     .issuer(IssuerPolicy.builder(issuer).audiences("api").dpop(IssuerPolicy.Dpop.REQUIRE).build())
 *     .dpop(DpopPolicy.builder().nonces(secret, Duration.ofMinutes(5)).build())
 *     .build();
 * }</pre>
 *
 * <p>Each request's proof is checked per RFC 9449 §4.3, whether the token itself came from the
 * cache or not: one {@code DPoP} header; a compact JWS with {@code typ} {@code dpop+jwt}, an
 * allowed asymmetric {@code alg}, a {@code jwk} header holding a public key only, whose signature
 * verifies with that key; {@code htm} the request's method; {@code htu} the request's URI without
 * query and fragment, both normalised (RFC 3986 §6.2.2, §6.2.3); {@code iat} within the proof
 * lifetime (plus the issuer's leeway); {@code jti} never used before; {@code ath} the hash of the
 * access token; the nonce, when nonces are on; and the token's {@code cnf.jkt} the key's RFC 7638
 * thumbprint.
 *
 * <p>Immutable and thread-safe.
 */
public final class DpopPolicy {
  /** The default bound on a proof's age: one minute. */
  public static final Duration DEFAULT_PROOF_MAX_AGE = Duration.ofSeconds(60);

  /** The default nonce lifetime: a nonce is current this long, then accepted as long again. */
  public static final Duration DEFAULT_NONCE_ROTATION = Duration.ofMinutes(5);

  /** Proofs longer than this are refused before parsing. */
  static final int MAX_PROOF_LENGTH = 8 * 1024;

  /** The longest {@code jti} accepted. */
  static final int MAX_JTI_LENGTH = 256;

  /** The default capacity of the in-process replay store. */
  static final int DEFAULT_REPLAY_CAPACITY = 200_000;

  private static final Set<String> PRIVATE_MEMBERS =
      Set.of("d", "p", "q", "dp", "dq", "qi", "oth", "k");
  private static final Set<String> TYPES = Set.of("dpop+jwt", "application/dpop+jwt");

  private final Set<String> algorithms;
  private final Duration proofMaxAge;
  private final byte @Nullable [] nonceSecret;
  private final Duration nonceRotation;
  private final @Nullable ReplayStore replayStore;
  private final @Nullable URI replayUri;
  private final boolean replayFailOpen;
  private final @Nullable URI externalBase;

  /** Parsed proof headers by their base64url segment: a client sends the same one every time. */
  private final Cache<String, ProofKey> keys =
      Caffeine.newBuilder().maximumSize(10_000).expireAfterAccess(Duration.ofMinutes(10)).build();

  /**
   * A proof header's key, once parsed and checked: its algorithm, its public key prepared for every
   * signature path (so BouncyCastle's precomputation stays with the cached key, as for a JWKS key),
   * and its thumbprint.
   */
  private record ProofKey(String alg, VerificationKey key, String thumbprint) {
    // Written out: see KeySourceRegistry.Key.
    @Override
    public boolean equals(@Nullable Object o) {
      return o instanceof ProofKey k && alg.equals(k.alg) && key.key().equals(k.key.key());
    }

    @Override
    public int hashCode() {
      return Objects.hash(alg, key.key());
    }
  }

  private DpopPolicy(Builder b) {
    this.algorithms = Set.copyOf(b.algorithms);
    this.proofMaxAge = b.proofMaxAge;
    this.nonceSecret = b.nonceSecret == null ? null : b.nonceSecret.clone();
    this.nonceRotation = b.nonceRotation;
    this.replayStore = b.replayStore;
    this.replayUri = b.replayUri;
    this.replayFailOpen = b.replayFailOpen;
    this.externalBase = b.externalBase;
  }

  /** A builder with the defaults: every supported algorithm, one minute, no nonces, in memory. */
  public static Builder builder() {
    return new Builder();
  }

  /** The accepted proof algorithms, for {@code algs} in challenges and the metadata. */
  public Set<String> algorithms() {
    return algorithms;
  }

  /** Whether the server issues and requires nonces (RFC 9449 §8). */
  public boolean usesNonces() {
    return nonceSecret != null;
  }

  /** The accepted algorithms in the allow-list's order, space-separated. */
  String algorithmList() {
    StringBuilder out = new StringBuilder();
    for (String alg : JwsAlgorithm.SUPPORTED) {
      if (algorithms.contains(alg)) {
        out.append(out.length() == 0 ? "" : " ").append(alg);
      }
    }
    return out.toString();
  }

  /** This policy running: its replay store opened. */
  Active open(Clock clock) {
    ReplayStore store = replayStore;
    boolean owned = false;
    if (store == null && replayUri != null) {
      store = openStore(replayUri, clock);
      owned = true;
    } else if (store == null) {
      store = ReplayStore.inMemory(DEFAULT_REPLAY_CAPACITY, clock);
      owned = true;
    }
    return new Active(store, owned, clock);
  }

  private static ReplayStore openStore(URI uri, Clock clock) {
    ClassLoader loader = DpopPolicy.class.getClassLoader();
    for (ReplayStore.Provider p :
        java.util.ServiceLoader.load(ReplayStore.Provider.class, loader)) {
      if (p.accepts(uri)) {
        return p.open(uri, clock);
      }
    }
    throw new IllegalArgumentException(
        "no DPoP replay store for the scheme "
            + uri.getScheme()
            + ": add the filter-redis module for redis:// and rediss://");
  }

  /** A policy with its replay store open, as a verifier holds it. */
  final class Active {
    private final ReplayStore store;
    private final boolean owned;
    private final Clock clock;

    private Active(ReplayStore store, boolean owned, Clock clock) {
      this.store = store;
      this.owned = owned;
      this.clock = clock;
    }

    DpopPolicy policy() {
      return DpopPolicy.this;
    }

    /** The nonce to hand out now, or null without nonces. */
    @Nullable String currentNonce() {
      return nonceSecret == null ? null : nonce(window(clock.instant()));
    }

    /**
     * Checks the request's proof for {@code token}, which verified as {@code auth}.
     *
     * @throws AuthException {@link FailureReason#INVALID_DPOP_PROOF}, {@link
     *     FailureReason#USE_DPOP_NONCE}, {@link FailureReason#WRONG_SENDER} for a proof of another
     *     key, or {@link FailureReason#DPOP_REPLAY_UNAVAILABLE}
     */
    void check(
        RequestView view, String token, Auth auth, Duration leeway, SignatureProvider provider)
        throws AuthException {
      List<String> proofs = view.header("DPoP");
      if (proofs.size() != 1) {
        throw invalid(proofs.isEmpty() ? "DPoP proof is missing" : "more than one DPoP proof");
      }
      String proof = proofs.get(0).strip();
      if (proof.length() > MAX_PROOF_LENGTH) {
        throw invalid("DPoP proof is too large");
      }
      int first = proof.indexOf('.');
      int second = first < 0 ? -1 : proof.indexOf('.', first + 1);
      if (first <= 0 || second < 0 || proof.indexOf('.', second + 1) >= 0) {
        throw invalid("DPoP proof is not a well-formed JWS");
      }
      // A client sends the same header every time: parsed and checked once, then looked up.
      String header = proof.substring(0, first);
      ProofKey key = keys.getIfPresent(header);
      Map<String, @Nullable Object> claims;
      boolean verified;
      if (key == null) {
        SignedToken jwt;
        try {
          jwt = SignedToken.parse(proof);
        } catch (AuthException e) {
          throw invalid("DPoP proof is not a well-formed JWS");
        }
        key = key(header, jwt);
        claims = jwt.claims;
        verified = jwt.verifiesWith(key.key(), provider);
      } else {
        // The header is one already parsed; payload and signature are checked and decoded as
        // SignedToken does, over the one ASCII copy that is also the signing input.
        byte[] ascii = proof.getBytes(StandardCharsets.US_ASCII);
        byte[] payload = Base64Url.decodeCanonical(ascii, first + 1, second);
        byte[] signature = Base64Url.decodeCanonical(ascii, second + 1, ascii.length);
        if (second == first + 1 || payload == null || signature == null) {
          throw invalid("DPoP proof is not a well-formed JWS");
        }
        claims = StrictJson.object(payload);
        if (claims == null) {
          throw invalid("DPoP proof is not a well-formed JWS");
        }
        verified = Signatures.verify(key.alg(), key.key(), ascii, second, signature, provider);
      }
      if (!verified) {
        throw invalid("DPoP proof signature does not verify");
      }
      if (!(claims.get("jti") instanceof String jti)
          || jti.isEmpty()
          || jti.length() > MAX_JTI_LENGTH) {
        throw invalid("DPoP proof jti is missing or malformed");
      }
      if (!(claims.get("htm") instanceof String htm) || !htm.equals(view.method)) {
        throw invalid("DPoP proof htm does not match the request method");
      }
      String expected = expectedHtu(view);
      // The exact URI the request came to needs no normalising; any other spelling does.
      if (!(claims.get("htu") instanceof String htu)
          || expected == null
          || !htuMatches(htu, expected)) {
        throw invalid("DPoP proof htu does not match the request URI");
      }
      Instant now = clock.instant();
      if (!(claims.get("iat") instanceof Number iatValue)
          || !Double.isFinite(iatValue.doubleValue())) {
        throw invalid("DPoP proof iat is missing");
      }
      long iat = iatValue.longValue();
      long nowSeconds = now.getEpochSecond();
      if (iat > nowSeconds + leeway.toSeconds()
          || iat < nowSeconds - proofMaxAge.toSeconds() - leeway.toSeconds()) {
        throw invalid("DPoP proof iat is outside the accepted window");
      }
      if (!(claims.get("ath") instanceof String ath)
          || !MessageDigest.isEqual(
              ath.getBytes(StandardCharsets.US_ASCII),
              Base64Url.sha256(token).getBytes(StandardCharsets.US_ASCII))) {
        throw invalid("DPoP proof ath does not match the access token");
      }
      if (nonceSecret != null) {
        long window = window(now);
        if (!(claims.get("nonce") instanceof String nonce)
            || !(nonce.equals(nonce(window)) || nonce.equals(nonce(window - 1)))) {
          throw AuthFailure.of(
                  FailureReason.USE_DPOP_NONCE, "resource server requires a current DPoP nonce")
              .exception();
        }
      }
      String jkt = boundKey(auth);
      if (jkt == null || !jkt.equals(key.thumbprint())) {
        throw AuthFailure.of(FailureReason.WRONG_SENDER, "token is not bound to the proof's key")
            .exception();
      }
      if (proofs.get(0).equals(view.checkedProof)) {
        // An earlier dispatch of this exchange recorded its one use.
        return;
      }
      Instant until =
          Instant.ofEpochSecond(iat).plus(proofMaxAge).plus(leeway).plus(leeway).plusSeconds(1);
      boolean firstUse;
      try {
        firstUse = store.firstUse("dpop:" + key.thumbprint() + ":" + jti, until);
      } catch (RuntimeException e) {
        if (replayFailOpen) {
          return;
        }
        throw new AuthFailure(
                FailureReason.DPOP_REPLAY_UNAVAILABLE,
                "DPoP replay store unavailable",
                Duration.ofSeconds(1))
            .exception();
      }
      if (!firstUse) {
        throw invalid("DPoP proof was used before");
      }
    }

    /**
     * The request URI to compare {@code htu} with, not yet normalised: as the adapter received it,
     * or, with an external base URI, that base and the request's path.
     */
    private @Nullable String expectedHtu(RequestView view) {
      String received = view.requestUri.get();
      if (received == null) {
        return null;
      }
      if (externalBase == null) {
        return received;
      }
      URI uri;
      try {
        uri = new URI(received);
      } catch (java.net.URISyntaxException e) {
        return null;
      }
      String path = uri.getRawPath() == null ? "" : uri.getRawPath();
      String base = externalBase.toString();
      if (base.endsWith("/") && path.startsWith("/")) {
        base = base.substring(0, base.length() - 1);
      }
      return base + path;
    }

    void close() {
      if (owned) {
        store.close();
      }
    }
  }

  /** The key of a proof's header, checked, and cached by the header segment. */
  private ProofKey key(String header, SignedToken jwt) throws AuthException {
    String typ = jwt.typ;
    if (typ == null || !TYPES.contains(typ.toLowerCase(java.util.Locale.ROOT))) {
      throw invalid("DPoP proof typ is not dpop+jwt");
    }
    if (!algorithms.contains(jwt.alg)) {
      throw invalid("DPoP proof algorithm not allowed");
    }
    if (!(jwt.headers.get("jwk") instanceof Map<?, ?> jwk)) {
      throw invalid("DPoP proof has no jwk header");
    }
    for (Object name : jwk.keySet()) {
      if (PRIVATE_MEMBERS.contains(name)) {
        throw invalid("DPoP proof jwk holds a private key");
      }
    }
    PublicJsonWebKey parsed;
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> members = (Map<String, Object>) jwk;
      parsed = PublicJsonWebKey.Factory.newPublicJwk(members);
    } catch (JoseException | RuntimeException e) {
      throw invalid("DPoP proof jwk is not a public key");
    }
    if (!KeySet.fits(parsed, jwt.alg) || parsed.getPublicKey() == null) {
      throw invalid("DPoP proof jwk does not fit its algorithm");
    }
    String thumbprint;
    try {
      thumbprint = parsed.calculateBase64urlEncodedThumbprint("SHA-256");
    } catch (RuntimeException e) {
      throw invalid("DPoP proof jwk is not a public key");
    }
    ProofKey key = new ProofKey(jwt.alg, VerificationKey.of(parsed.getPublicKey()), thumbprint);
    keys.put(header, key);
    return key;
  }

  /**
   * Whether {@code htu} names {@code expected}, the URI the request came to: the same string, or
   * the same after normalising both.
   */
  private static boolean htuMatches(String htu, String expected) {
    if (htu.equals(expected)) {
      return true;
    }
    String normalized = HttpUris.normalize(htu);
    return normalized != null && normalized.equals(HttpUris.normalize(expected));
  }

  /** The token's {@code cnf.jkt} (RFC 9449 §6), or null when it is not DPoP-bound. */
  static @Nullable String boundKey(Auth auth) {
    return auth.claims().get("cnf") instanceof Map<?, ?> cnf && cnf.get("jkt") instanceof String jkt
        ? jkt
        : null;
  }

  private long window(Instant now) {
    return Math.floorDiv(now.toEpochMilli(), nonceRotation.toMillis());
  }

  /**
   * The nonce of a rotation window: an HMAC of the window, so every node with the secret agrees.
   */
  private String nonce(long window) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(Objects.requireNonNull(nonceSecret), "HmacSHA256"));
      byte[] digest = mac.doFinal(ByteBuffer.allocate(8).putLong(window).array());
      return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 18));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }

  private static AuthException invalid(String message) {
    return AuthFailure.of(FailureReason.INVALID_DPOP_PROOF, message).exception();
  }

  /** Builds a {@link DpopPolicy}. Not thread-safe. */
  public static final class Builder {
    private Set<String> algorithms = Set.copyOf(JwsAlgorithm.SUPPORTED);
    private Duration proofMaxAge = DEFAULT_PROOF_MAX_AGE;
    private byte @Nullable [] nonceSecret;
    private Duration nonceRotation = DEFAULT_NONCE_ROTATION;
    private @Nullable ReplayStore replayStore;
    private @Nullable URI replayUri;
    private boolean replayFailOpen;
    private @Nullable URI externalBase;
    private boolean noncesFromSettings;

    private Builder() {}

    /** The settings' {@code dpop-nonce}: nonces, from the settings' secret or a random one. */
    Builder noncesOn(boolean on) {
      this.noncesFromSettings = on;
      return this;
    }

    /** The settings' {@code dpop-nonce-rotation-seconds}. */
    Builder nonceRotation(Duration rotation) {
      rotation(rotation);
      return this;
    }

    /** The settings' {@code dpop-nonce-secret-env}: the secret, at least 32 bytes. */
    Builder nonceSecret(byte[] secret) {
      if (secret.length < 32) {
        throw new IllegalArgumentException("the nonce secret must be at least 32 bytes");
      }
      this.nonceSecret = secret.clone();
      return this;
    }

    /** The accepted proof algorithms; {@code none} and HMAC are refused. Default: all supported. */
    public Builder algorithms(Collection<String> algorithms) {
      this.algorithms = JwsAlgorithm.allowList(algorithms);
      return this;
    }

    /** How old a proof's {@code iat} may be (plus the issuer's leeway); default one minute. */
    public Builder proofMaxAge(Duration maxAge) {
      Objects.requireNonNull(maxAge, "maxAge");
      if (maxAge.isNegative() || maxAge.isZero()) {
        throw new IllegalArgumentException("proof max age must be positive: " + maxAge);
      }
      this.proofMaxAge = maxAge;
      return this;
    }

    /**
     * Server nonces (RFC 9449 §8, §9): each proof must carry the current nonce or the previous one;
     * a nonce is derived from {@code secret} and the time, so every node given the same secret
     * issues and accepts the same nonces. The secret is at least 32 bytes.
     */
    public Builder nonces(byte[] secret, Duration rotation) {
      Objects.requireNonNull(secret, "secret");
      if (secret.length < 32) {
        throw new IllegalArgumentException("the nonce secret must be at least 32 bytes");
      }
      rotation(rotation);
      this.nonceSecret = secret.clone();
      return this;
    }

    /** Server nonces from a random secret of this process: for one node only. */
    public Builder nonces(Duration rotation) {
      byte[] secret = new byte[32];
      new SecureRandom().nextBytes(secret);
      return nonces(secret, rotation);
    }

    private void rotation(Duration rotation) {
      Objects.requireNonNull(rotation, "rotation");
      if (rotation.toSeconds() < 1) {
        throw new IllegalArgumentException("nonce rotation must be a second or more: " + rotation);
      }
      this.nonceRotation = rotation;
    }

    /** Where used proofs are remembered; default in this process ({@link ReplayStore#inMemory}). */
    public Builder replayStore(ReplayStore store) {
      this.replayStore = Objects.requireNonNull(store, "store");
      this.replayUri = null;
      return this;
    }

    /**
     * A shared replay store at {@code uri} ({@code redis://} or {@code rediss://} with the {@code
     * filter-redis} module), opened with the verifier and closed by it.
     *
     * @throws IllegalArgumentException if {@code uri} is not a URI (the message never repeats it)
     */
    public Builder replayStore(String uri) {
      this.replayUri = Locations.storeUri(uri, "DPoP replay store");
      this.replayStore = null;
      return this;
    }

    /**
     * Whether a proof is accepted when the replay store cannot answer (so a replay might pass);
     * default false: such requests get 503.
     */
    public Builder replayFailOpen(boolean failOpen) {
      this.replayFailOpen = failOpen;
      return this;
    }

    /**
     * The scheme and authority clients use to reach this application, behind a proxy that
     * terminates TLS or rewrites the host ({@code https://api.example.com}): {@code htu} is
     * compared with it and the request's path, never with forwarded headers. Default: the request
     * URI as the container received it.
     */
    public Builder externalBaseUri(String uri) {
      URI parsed = URI.create(Objects.requireNonNull(uri, "uri"));
      Locations.checkLocation(parsed, "external base URI");
      if (parsed.getRawQuery() != null || parsed.getRawFragment() != null) {
        throw new IllegalArgumentException("external base URI must have no query or fragment");
      }
      this.externalBase = parsed;
      return this;
    }

    /** The policy. */
    public DpopPolicy build() {
      if (noncesFromSettings && nonceSecret == null) {
        nonces(nonceRotation);
      }
      if (!noncesFromSettings && nonceSecret != null && settings) {
        throw new IllegalArgumentException("dpop-nonce-secret-env is set but dpop-nonce is not");
      }
      return new DpopPolicy(this);
    }

    /** Whether the settings build this policy: a secret there needs {@code dpop-nonce=true}. */
    private boolean settings;

    /** Marks the secret as the settings', for the check above. */
    Builder fromSettings() {
      this.settings = true;
      return this;
    }
  }
}
