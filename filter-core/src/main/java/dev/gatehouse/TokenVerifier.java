package dev.gatehouse;

import dev.gatehouse.jwks.JwksStatus;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies bearer JWTs (RFC 9068 access tokens, RFC 7519 JWTs) against the keys of trusted issuers:
 * the one decision path every adapter shares.
 *
 * <pre>{@code
 * TokenVerifier verifier = TokenVerifier.builder()
 *     .issuer(IssuerPolicy.builder("https://idp.example.com")
 *         .audiences("orders-api")
 *         .jwksUri(URI.create("https://idp.example.com/.well-known/jwks.json"))
 *         .build())
 *     .build();
 * Auth auth = verifier.authenticate(List.of(request.getHeader("Authorization")));
 * }</pre>
 *
 * <p>Checks run cheapest first: size and structure, header policy, the trusted issuer (an unknown
 * {@code iss} never causes a network call), the claims, and only then the key lookup and the
 * signature. Verified tokens are cached until they expire (bounded by size and age).
 *
 * <p>Immutable and thread-safe; build one and share it across all requests.
 */
public final class TokenVerifier implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TokenVerifier.class);

  private record Trusted(IssuerPolicy policy, KeySource keys) {}

  /** The spelling of nearly every bearer header. */
  private static final String CANONICAL_PREFIX = "Bearer ";

  private final Map<String, Trusted> issuers;
  private final Clock clock;
  private final TokenCache cache;
  private final Revocations revocations;
  private final SignatureProvider provider;
  private final @Nullable RevocationReplica replica;
  private final @Nullable ResourceUri resource;
  private final Trace trace;

  /** The DPoP proof checks with their replay store, when an issuer accepts DPoP. */
  private final DpopPolicy.@Nullable Active dpop;

  /** The one issuer's introspection of opaque tokens, or null. */
  private final @Nullable Introspector introspector;

  /** The listeners, or null: then no event is made at all. */
  private final @Nullable Listeners events;

  private final java.util.function.@Nullable Consumer<Revocations.Entry> revocationEvents;

  private TokenVerifier(Builder b) {
    this.clock = b.clock;
    this.resource = b.resource;
    this.trace = b.trace;
    this.events = Listeners.of(b.listeners);
    Map<String, Trusted> trusted = new LinkedHashMap<>();
    for (IssuerPolicy policy : b.issuers) {
      if (trusted.containsKey(policy.issuer())) {
        throw new IllegalArgumentException("issuer configured twice: " + policy.issuer());
      }
      KeySource keys = keySource(policy, b.clock);
      trusted.put(policy.issuer(), new Trusted(policy, keys));
      if (events != null) {
        keys.subscribe(policy.issuer(), events);
      }
    }
    // In the order configured: the metadata lists them so.
    this.issuers = java.util.Collections.unmodifiableMap(trusted);
    this.revocations = b.revocations != null ? b.revocations : Revocations.create(b.clock);
    for (IssuerPolicy policy : b.issuers) {
      revocations.configure(policy.issuer(), policy.maxTokenLifetime());
    }
    Listeners listeners = events;
    this.revocationEvents =
        listeners == null
            ? null
            : entry -> listeners.on(new GatehouseEvent.RevocationApplied(entry));
    if (revocationEvents != null) {
      revocations.addListener(revocationEvents);
    }
    this.cache =
        new TokenCache(b.tokenCacheSize, b.tokenCacheMaxBytes, b.tokenCacheMaxAge, b.clock);
    this.provider = SignatureProvider.select(b.signatureProvider);
    if (b.revocationMaxStaleness != null) {
      revocations.maxStaleness(b.revocationMaxStaleness);
    }
    this.introspector = introspector(b.issuers, b.resource, b.clock, events);
    this.replica = b.replicaUri == null ? null : openReplica(b.replicaUri, revocations);
    boolean dpopAccepted =
        b.issuers.stream().anyMatch(policy -> policy.dpop() != IssuerPolicy.Dpop.OFF);
    DpopPolicy dpopPolicy =
        b.dpop != null ? b.dpop : dpopAccepted ? DpopPolicy.builder().build() : null;
    this.dpop = dpopPolicy == null ? null : dpopPolicy.open(b.clock);
  }

  /** An opaque token names no issuer: only one issuer may introspect them. */
  private static @Nullable Introspector introspector(
      List<IssuerPolicy> policies,
      @Nullable ResourceUri resource,
      Clock clock,
      @Nullable GatehouseListener events) {
    IssuerPolicy introspecting = null;
    for (IssuerPolicy policy : policies) {
      if (policy.introspects()) {
        if (introspecting != null) {
          throw new IllegalArgumentException(
              "only one issuer can introspect opaque tokens, which name no issuer: "
                  + introspecting.issuer()
                  + " and "
                  + policy.issuer());
        }
        introspecting = policy;
      }
    }
    return introspecting == null ? null : new Introspector(introspecting, resource, clock, events);
  }

  private static RevocationReplica openReplica(URI uri, Revocations revocations) {
    ClassLoader loader = TokenVerifier.class.getClassLoader();
    for (RevocationReplica.Provider p :
        ServiceLoader.load(RevocationReplica.Provider.class, loader)) {
      if (p.accepts(uri)) {
        return p.open(uri, revocations);
      }
    }
    throw new IllegalArgumentException(
        "no revocation replica for the scheme "
            + uri.getScheme()
            + ": add the filter-redis module for redis:// and rediss://");
  }

  private static KeySource keySource(IssuerPolicy policy, Clock clock) {
    if (policy.jwksUri() != null) {
      return KeySource.shared(policy.jwksUri(), policy.jwks(), clock);
    }
    return KeySource.discovered(policy.issuer(), policy.jwksPath(), policy.jwks(), clock);
  }

  /** A builder; at least one issuer is required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Authenticates a request from its {@code Authorization} header values (RFC 6750 §2.1): exactly
   * one {@code Bearer} credential.
   *
   * @param authorizationHeaders every {@code Authorization} header of the request, possibly none
   * @throws AuthException with the reason the request is refused
   */
  public Auth authenticate(List<String> authorizationHeaders) throws AuthException {
    Objects.requireNonNull(authorizationHeaders, "authorizationHeaders");
    // No request of another shape may hit an entry: an entry is stored only after its request was
    // validated, under the exact "Bearer <token>" header value it came with (which no bare token,
    // having no space, can equal), or under the bare token. A header equal to a stored one was
    // validated when it was stored; any other header is validated before its lookup.
    boolean looked =
        authorizationHeaders.size() == 1
            && authorizationHeaders.get(0).startsWith(CANONICAL_PREFIX);
    if (looked) {
      Auth seen = cache.get(authorizationHeaders.get(0));
      if (seen != null) {
        return hit(seen);
      }
    }
    long region = BearerToken.region(authorizationHeaders);
    String header = authorizationHeaders.get(0);
    int start = (int) (region >>> 32);
    int end = (int) region;
    TokenKey key =
        start == CANONICAL_PREFIX.length() && end == header.length()
            ? TokenKey.of(header)
            : TokenKey.of(header, start, end);
    Auth cached = looked && key.length() == header.length() ? null : cache.get(key);
    if (cached != null) {
      return hit(cached);
    }
    return verify(header.substring(start, end), key);
  }

  /**
   * Verifies a compact JWS access token.
   *
   * @throws AuthException with the reason the token is refused
   */
  public Auth verify(String token) throws AuthException {
    Objects.requireNonNull(token, "token");
    TokenKey key = TokenKey.of(token);
    Auth cached = cache.get(key);
    if (cached != null) {
      return hit(cached);
    }
    return verify(token, key);
  }

  /** A cache hit, still checked against the revocations. */
  private Auth hit(Auth cached) throws AuthException {
    if (events != null) {
      events.on(GatehouseEvent.CacheLookup.HIT);
    }
    revocations.check(cached);
    return cached;
  }

  private Auth verify(String token, TokenKey cacheKey) throws AuthException {
    if (events != null) {
      events.on(GatehouseEvent.CacheLookup.MISS);
    }
    try {
      if (introspector != null && !SignedToken.isCompactJws(token)) {
        // Not a JWS: an opaque token, which only its issuer can vouch for.
        trace.checking(Trace.Check.INTROSPECTION);
        Auth auth = introspector.introspect(token);
        revocations.observe(auth);
        revocations.check(auth);
        return auth;
      }
      return verifyUncached(token, cacheKey);
    } catch (AuthException e) {
      LOG.debug("token rejected: {}", e.getMessage());
      throw e;
    } catch (RuntimeException | StackOverflowError e) {
      // Fail closed: a parser surprise on hostile input is a bad token, never a server error.
      LOG.debug("token rejected: unexpected {}", e.getClass().getName());
      throw AuthFailure.of(FailureReason.MALFORMED_TOKEN, "token could not be parsed").exception();
    }
  }

  private Auth verifyUncached(String token, TokenKey cacheKey) throws AuthException {
    trace.checking(Trace.Check.TOKEN);
    SignedToken parsed = SignedToken.parse(token);
    trace.parsed(parsed);
    trace.checking(Trace.Check.ISSUER);
    Trusted trusted = trusted(parsed);
    trace.checking(Trace.Check.HEADER);
    ClaimRules.checkHeader(parsed, trusted.policy);
    trace.checking(Trace.Check.CLAIMS);
    Auth auth = ClaimRules.check(parsed, trusted.policy, resource, clock.instant());
    trace.checking(Trace.Check.KEY);
    List<VerificationKey> keys = trusted.keys.keys(parsed.kid, parsed.alg);
    trace.candidates(keys.size());
    if (keys.isEmpty()) {
      throw AuthFailure.of(FailureReason.UNKNOWN_KEY, "no signing key matches the token")
          .exception();
    }
    trace.checking(Trace.Check.SIGNATURE);
    for (VerificationKey key : keys) {
      if (parsed.verifiesWith(key, provider)) {
        trace.checking(Trace.Check.REVOCATION);
        revocations.observe(auth);
        revocations.check(auth);
        if (trusted.policy.introspectJwts() && introspector != null) {
          // Every JWT of this issuer is checked online: never served from the JWT cache, the
          // introspection cache bounds how stale the answer may be.
          trace.checking(Trace.Check.INTROSPECTION);
          introspector.requireActive(token);
          trace.checking(Trace.Check.VERIFIED);
          return auth;
        }
        cache.put(cacheKey, auth, trusted.keys, key.key());
        trace.checking(Trace.Check.VERIFIED);
        return auth;
      }
    }
    throw AuthFailure.of(FailureReason.BAD_SIGNATURE, "signature does not verify").exception();
  }

  /** Checks run on a signed token's claims before any key lookup; see {@link #verifySigned}. */
  @FunctionalInterface
  interface ClaimCheck {
    void check(SignedToken token, IssuerPolicy policy) throws AuthException;
  }

  /**
   * Verifies a compact JWS that is not an access token (a logout token, a security event token): a
   * trusted {@code iss}, an allowed {@code alg}, {@code claims} (run before the key lookup, so a
   * token that fails them never causes a JWKS fetch), and the signature with that issuer's keys, an
   * unknown {@code kid} refreshing them as for access tokens. No cache, no revocation check.
   *
   * @throws AuthException with the reason the token is refused
   */
  SignedToken verifySigned(String token, ClaimCheck claims) throws AuthException {
    try {
      SignedToken parsed = SignedToken.parse(token);
      Trusted trusted = trusted(parsed);
      if (!trusted.policy.algorithms().contains(parsed.alg)) {
        throw AuthFailure.of(FailureReason.DISALLOWED_ALGORITHM, "algorithm not allowed")
            .exception();
      }
      claims.check(parsed, trusted.policy);
      List<VerificationKey> keys = trusted.keys.keys(parsed.kid, parsed.alg);
      if (keys.isEmpty()) {
        throw AuthFailure.of(FailureReason.UNKNOWN_KEY, "no signing key matches the token")
            .exception();
      }
      for (VerificationKey key : keys) {
        if (parsed.verifiesWith(key, provider)) {
          return parsed;
        }
      }
      throw AuthFailure.of(FailureReason.BAD_SIGNATURE, "signature does not verify").exception();
    } catch (RuntimeException | StackOverflowError e) {
      throw AuthFailure.of(FailureReason.MALFORMED_TOKEN, "token could not be parsed").exception();
    }
  }

  /** The clock claim checks use. */
  Clock clock() {
    return clock;
  }

  private Trusted trusted(SignedToken token) throws AuthException {
    Object iss = token.claims.get("iss");
    if (iss == null) {
      throw AuthFailure.of(FailureReason.MISSING_CLAIM, "iss claim is missing").exception();
    }
    Trusted trusted = iss instanceof String name ? issuers.get(name) : null;
    if (trusted == null) {
      throw AuthFailure.of(FailureReason.WRONG_ISSUER, "issuer not trusted").exception();
    }
    return trusted;
  }

  /**
   * Asks the token's issuer whether {@code token}, which verified as {@code auth}, is still active
   * (an online check, {@link Requirement#online()}); an opaque token was just asked already.
   *
   * @throws AuthException {@link FailureReason#INACTIVE}, {@link FailureReason#FORBIDDEN} when the
   *     token's issuer has no introspection endpoint, or {@link
   *     FailureReason#INTROSPECTION_UNAVAILABLE}
   */
  void checkOnline(Auth auth, String token) throws AuthException {
    if (!SignedToken.isCompactJws(token)) {
      return;
    }
    Introspector current = introspector;
    if (current == null || !current.issuer().equals(auth.issuer())) {
      throw AuthFailure.of(FailureReason.FORBIDDEN, "token cannot be checked online").exception();
    }
    current.requireActive(token);
  }

  /** The listeners, or null when there are none (then make no event). */
  @Nullable GatehouseListener events() {
    return events;
  }

  /** Whether an issuer introspects, so that online checks can be made. */
  boolean introspects() {
    return introspector != null;
  }

  /** The policy of trusted issuer {@code issuer}, or null. */
  @Nullable IssuerPolicy policy(String issuer) {
    Trusted trusted = issuers.get(issuer);
    return trusted == null ? null : trusted.policy;
  }

  /**
   * The protected resource's identifier (RFC 8707, RFC 9728), always an accepted audience, or null
   * when none is set.
   */
  public @Nullable String resource() {
    return resource == null ? null : resource.identifier();
  }

  /** The DPoP proof checks, or null when no issuer accepts DPoP. */
  DpopPolicy.@Nullable Active dpop() {
    return dpop;
  }

  /** The signature provider, for DPoP proofs. */
  SignatureProvider provider() {
    return provider;
  }

  /** The parsed resource identifier, or null. */
  @Nullable ResourceUri resourceUri() {
    return resource;
  }

  /** The trusted issuers' policies. */
  public List<IssuerPolicy> issuers() {
    List<IssuerPolicy> out = new ArrayList<>();
    issuers.values().forEach(t -> out.add(t.policy));
    return List.copyOf(out);
  }

  /**
   * The revocations this verifier enforces: applications record logouts, bans and revoked sessions
   * here (an identity provider's webhook, an admin action).
   */
  public Revocations revocations() {
    return revocations;
  }

  /** The state of each trusted issuer's key source, by issuer, for health checks. */
  public Map<String, JwksStatus> keyStatus() {
    Map<String, JwksStatus> out = new LinkedHashMap<>();
    issuers.forEach((issuer, t) -> out.put(issuer, t.keys.status()));
    return Map.copyOf(out);
  }

  /** Starts the first key fetch of every issuer that has none yet, in the background. */
  void prefetchKeys() {
    issuers.values().forEach(t -> t.keys.prefetch());
  }

  /**
   * Where signatures are verified: {@code "jdk"}, {@code "BouncyCastle"} (ECDSA and EdDSA; RSA on
   * the JDK), a JCA provider's name, or {@code "Conscrypt+BouncyCastle"} ({@code auto} with both
   * present: EdDSA through BouncyCastle, the rest through Conscrypt).
   */
  public String signatureProvider() {
    return provider.name();
  }

  /**
   * Releases the process-wide key sources this verifier shares, so that an undeployed web
   * application leaves nothing behind. Verification keeps working with the keys already cached;
   * call it when the application stops, not per request.
   */
  @Override
  public void close() {
    if (events != null) {
      issuers.values().forEach(t -> t.keys.unsubscribe(events));
    }
    if (revocationEvents != null) {
      revocations.removeListener(revocationEvents);
    }
    issuers.values().forEach(t -> t.keys.release());
    if (replica != null) {
      replica.close();
    }
    if (introspector != null) {
      introspector.close();
    }
    if (dpop != null) {
      dpop.close();
    }
  }

  /** Builds a {@link TokenVerifier}. Not thread-safe. */
  public static final class Builder {
    private final List<IssuerPolicy> issuers = new ArrayList<>();
    private Clock clock = Clock.systemUTC();
    private int tokenCacheSize = TokenCache.DEFAULT_SIZE;
    private Duration tokenCacheMaxAge = TokenCache.DEFAULT_MAX_AGE;
    private long tokenCacheMaxBytes = TokenCache.DEFAULT_MAX_BYTES;
    private String signatureProvider = SignatureProvider.AUTO;
    private @Nullable Revocations revocations;
    private @Nullable URI replicaUri;
    private @Nullable Duration revocationMaxStaleness;
    private @Nullable ResourceUri resource;
    private @Nullable DpopPolicy dpop;
    private DpopPolicy.@Nullable Builder dpopSettings;
    private Trace trace = Trace.NONE;
    private final List<GatehouseListener> listeners = new ArrayList<>();

    /** The settings {@code audit} and {@code audit-subject}. */
    boolean audit;

    AuditLog.@Nullable Subject auditSubject;

    private Builder() {}

    /** Reports each check of an uncached verification to {@code trace}; for {@code explain}. */
    Builder trace(Trace trace) {
      this.trace = Objects.requireNonNull(trace, "trace");
      return this;
    }

    /**
     * Also tells {@code listener} every {@link GatehouseEvent} of this verifier and of the guards
     * built on it (metrics, audit); repeat for several, called in the order added. Without one, no
     * event is made and nothing is allocated for it.
     */
    public Builder listener(GatehouseListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * How DPoP proofs are checked for the issuers that accept DPoP ({@link IssuerPolicy#dpop()});
     * default {@link DpopPolicy#builder()}'s defaults.
     */
    public Builder dpop(DpopPolicy dpop) {
      this.dpop = Objects.requireNonNull(dpop, "dpop");
      return this;
    }

    /** The DPoP policy the settings' {@code dpop-*} rows build up. */
    DpopPolicy.Builder dpopSettings() {
      if (dpopSettings == null) {
        dpopSettings = DpopPolicy.builder().fromSettings();
      }
      return dpopSettings;
    }

    /**
     * The identifier of the protected resource these tokens are for (RFC 8707 §2, RFC 9728 §1.2):
     * an {@code https} URI ({@code http} on loopback) without query or fragment, e.g. {@code
     * https://api.example.com/mcp}. It is an accepted audience for every issuer, compared on its
     * canonical form (scheme and host in lower case, default port dropped, a trailing slash
     * ignored), so an issuer's {@code audiences} may then be left out; the guard publishes it as
     * protected-resource metadata.
     *
     * @throws IllegalArgumentException saying why the identifier is refused
     */
    public Builder resource(String resource) {
      this.resource = ResourceUri.parse(Objects.requireNonNull(resource, "resource"));
      return this;
    }

    /**
     * Keeps the revocation list in step with other nodes through the store at {@code uri} ({@code
     * redis://} or {@code rediss://} with the {@code filter-redis} module), started with the
     * verifier and stopped by {@link #close()}.
     *
     * @throws IllegalArgumentException if {@code uri} is not a URI (the message never repeats it)
     */
    public Builder revocationReplica(String uri) {
      this.replicaUri = Locations.storeUri(uri, "revocation replica");
      return this;
    }

    /**
     * Answers {@code 503} to every token once the replica has not been in step for longer than
     * {@code maxStaleness} (see {@link Revocations#maxStaleness}); default off.
     */
    public Builder revocationMaxStaleness(Duration maxStaleness) {
      Objects.requireNonNull(maxStaleness, "maxStaleness");
      if (maxStaleness.isNegative() || maxStaleness.isZero()) {
        throw new IllegalArgumentException("max staleness must be positive: " + maxStaleness);
      }
      this.revocationMaxStaleness = maxStaleness;
      return this;
    }

    /**
     * The revocation list to check, for one shared by several verifiers; default a list of this
     * verifier's own, empty.
     */
    public Builder revocations(Revocations revocations) {
      this.revocations = Objects.requireNonNull(revocations, "revocations");
      return this;
    }

    /** Trust tokens from {@code policy}'s issuer; repeat for several issuers. */
    public Builder issuer(IssuerPolicy policy) {
      issuers.add(Objects.requireNonNull(policy, "issuer policy"));
      return this;
    }

    /** The clock for claim checks and key lifetimes; default {@link Clock#systemUTC()}. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** How many verified tokens to cache; 0 disables the cache. Default 10,000. */
    public Builder tokenCacheSize(int size) {
      if (size < 0) {
        throw new IllegalArgumentException("token cache size must not be negative: " + size);
      }
      this.tokenCacheSize = size;
      return this;
    }

    /**
     * The most bytes the cache may hold, estimated from each token's length (the token and its
     * parsed claims); default 32 MiB, so that large tokens cannot exhaust the heap.
     */
    public Builder tokenCacheMaxBytes(long maxBytes) {
      if (maxBytes < 1024) {
        throw new IllegalArgumentException(
            "token cache max bytes must be at least 1024: " + maxBytes);
      }
      this.tokenCacheMaxBytes = maxBytes;
      return this;
    }

    /** The longest a verified token is served from the cache; default 5 minutes. */
    public Builder tokenCacheMaxAge(Duration maxAge) {
      Objects.requireNonNull(maxAge, "tokenCacheMaxAge");
      if (maxAge.isNegative() || maxAge.isZero()) {
        throw new IllegalArgumentException("token cache max age must be positive: " + maxAge);
      }
      this.tokenCacheMaxAge = maxAge;
      return this;
    }

    /**
     * Where signatures are checked: {@code auto} (default: Conscrypt when it is on the class path
     * and loads here; BouncyCastle's lightweight API for ECDSA and EdDSA when {@code
     * bcprov-jdk18on} is on the class path, as it is by default; the JDK for the rest), {@code
     * BouncyCastle} (ECDSA and EdDSA through BouncyCastle, RSA through the JDK), {@code jdk}, or a
     * registered JCA provider's name.
     */
    public Builder signatureProvider(String provider) {
      Objects.requireNonNull(provider, "signatureProvider");
      SignatureProvider.select(provider);
      this.signatureProvider = provider;
      return this;
    }

    /**
     * The verifier.
     *
     * @throws IllegalStateException if no issuer is configured
     */
    public TokenVerifier build() {
      if (issuers.isEmpty()) {
        throw new IllegalStateException("at least one issuer is required");
      }
      if (dpop == null && dpopSettings != null) {
        dpop = dpopSettings.build();
      }
      if (auditSubject != null && !audit) {
        throw new IllegalStateException("audit-subject is set but audit is not");
      }
      if (audit) {
        listeners.add(AuditLog.create(auditSubject != null ? auditSubject : AuditLog.Subject.HASH));
        audit = false;
        auditSubject = null;
      }
      if (dpop != null && issuers.stream().allMatch(p -> p.dpop() == IssuerPolicy.Dpop.OFF)) {
        throw new IllegalStateException(
            "a DPoP policy (the dpop-* settings) is set but no issuer accepts DPoP (dpop=accept or"
                + " dpop=require)");
      }
      for (IssuerPolicy policy : issuers) {
        if (policy.acceptsAnyAudience() && resource != null) {
          throw new IllegalStateException(
              "issuer "
                  + policy.issuer()
                  + " accepts any audience (audience=*), so tokens for other resources would pass"
                  + " as tokens for "
                  + resource
                  + " (RFC 8707): name the audiences, or leave them out to accept the resource"
                  + " only");
        }
        if (policy.audiences().isEmpty() && !policy.acceptsAnyAudience() && resource == null) {
          throw new IllegalStateException(
              "audience is required for issuer "
                  + policy.issuer()
                  + " (RFC 9068 §4): set audiences(...) (setting audience), the verifier's"
                  + " resource (setting resource), or anyAudience() (audience=*) to accept every"
                  + " audience");
        }
      }
      return new TokenVerifier(this);
    }
  }
}
