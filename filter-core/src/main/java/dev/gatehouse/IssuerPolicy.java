package dev.gatehouse;

import dev.gatehouse.jwks.JwksSettings;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a {@link TokenVerifier} demands of tokens from one issuer: the exact {@code iss}, the
 * accepted audiences and algorithms, the clock leeway, and where its keys are.
 *
 * <pre>{@code
 * IssuerPolicy policy = IssuerPolicy.builder("https://idp.example.com")
 *     .audiences("orders-api")
 *     .jwksUri(URI.create("https://idp.example.com/.well-known/jwks.json"))
 *     .build();
 * }</pre>
 *
 * <p>The issuer is compared with {@code iss} as an exact string (RFC 7519 §4.1.1, OIDC Core
 * §3.1.3.7): {@code https://idp.example.com} and {@code https://idp.example.com/} are different
 * issuers. Without a {@link Builder#jwksUri jwksUri} the keys are found by discovery (OpenID
 * Connect Discovery 1.0, then RFC 8414), or at {@link Builder#jwksPath jwksPath} relative to the
 * issuer.
 *
 * <p>Immutable and thread-safe.
 */
public final class IssuerPolicy {
  private static final Logger LOG = LoggerFactory.getLogger(IssuerPolicy.class);

  /** Default clock leeway for {@code exp}, {@code nbf} and {@code iat}: 30 seconds. */
  public static final Duration DEFAULT_LEEWAY = Duration.ofSeconds(30);

  /** Default algorithm allow-list: every supported asymmetric algorithm. */
  public static final Set<String> DEFAULT_ALGORITHMS = Set.copyOf(JwsAlgorithm.SUPPORTED);

  private final String issuer;
  private final Set<String> audiences;
  private final boolean anyAudience;
  private final Dpop dpop;
  private final Set<String> algorithms;
  private final Duration leeway;
  private final @Nullable URI jwksUri;
  private final @Nullable String jwksPath;
  private final JwksSettings jwks;
  private final boolean requireAccessTokenType;
  private final boolean allowIdTokens;
  private final @Nullable Duration maxTokenLifetime;
  private final @Nullable URI introspectionUri;
  private final @Nullable String introspectionClientId;
  private final @Nullable String introspectionSecret;
  private final boolean introspectionSecretInForm;
  private final boolean introspectionDiscovered;
  private final boolean introspectJwts;
  private final Duration introspectionCacheMaxAge;
  private final Duration introspectionInactiveCacheAge;

  private IssuerPolicy(Builder b) {
    this.issuer = b.issuer;
    this.audiences = Set.copyOf(b.audiences);
    this.anyAudience = b.anyAudience;
    this.dpop = b.dpop;
    this.algorithms = JwsAlgorithm.allowList(b.algorithms);
    this.leeway = b.leeway;
    this.jwksUri = b.jwksUri;
    this.jwksPath = b.jwksPath;
    this.jwks = b.jwks;
    this.requireAccessTokenType = b.requireAccessTokenType;
    this.allowIdTokens = b.allowIdTokens;
    this.maxTokenLifetime = b.maxTokenLifetime;
    this.introspectionUri = b.introspectionUri;
    this.introspectionClientId = b.introspectionClientId;
    this.introspectionSecret = b.introspectionSecret;
    this.introspectionSecretInForm = b.introspectionSecretInForm;
    this.introspectionDiscovered = b.introspectionDiscovered;
    this.introspectJwts = b.introspectJwts;
    this.introspectionCacheMaxAge = b.introspectionCacheMaxAge;
    this.introspectionInactiveCacheAge = b.introspectionInactiveCacheAge;
  }

  /** A builder for the policy of {@code issuer}, exactly as tokens carry it in {@code iss}. */
  public static Builder builder(String issuer) {
    return new Builder(issuer);
  }

  /** The issuer, compared exactly with {@code iss}. */
  public String issuer() {
    return issuer;
  }

  /**
   * The accepted audiences besides the verifier's resource ({@link
   * TokenVerifier.Builder#resource}); empty when any audience is accepted ({@link
   * #acceptsAnyAudience()}) or when only the resource is.
   */
  public Set<String> audiences() {
    return audiences;
  }

  /** How this issuer's tokens may be sender-constrained with DPoP (RFC 9449). */
  public enum Dpop {
    /** DPoP is not accepted; a DPoP-bound token is refused whatever scheme it comes with. */
    OFF,
    /**
     * A DPoP-bound token needs a valid proof; a token that is not bound may still come as Bearer.
     */
    ACCEPT,
    /** Every token must be DPoP-bound and come with a valid proof. */
    REQUIRE
  }

  /** This issuer's DPoP mode; default {@link Dpop#OFF}. */
  public Dpop dpop() {
    return dpop;
  }

  /** Whether {@code aud} is not checked at all ({@link Builder#anyAudience()}). */
  public boolean acceptsAnyAudience() {
    return anyAudience;
  }

  /** The accepted JWS algorithms. */
  public Set<String> algorithms() {
    return algorithms;
  }

  /** The clock leeway for {@code exp}, {@code nbf} and {@code iat}. */
  public Duration leeway() {
    return leeway;
  }

  /** The JWKS location, or null when it is discovered. */
  public @Nullable URI jwksUri() {
    return jwksUri;
  }

  /** A JWKS path relative to the issuer, or null. */
  public @Nullable String jwksPath() {
    return jwksPath;
  }

  /** How the keys are fetched and cached. */
  public JwksSettings jwks() {
    return jwks;
  }

  /** Whether {@code typ} must be {@code at+jwt} (RFC 9068 §2.1). */
  public boolean requireAccessTokenType() {
    return requireAccessTokenType;
  }

  /** Whether tokens that look like ID tokens ({@code nonce}, {@code at_hash}, ...) are accepted. */
  public boolean allowIdTokens() {
    return allowIdTokens;
  }

  /** The longest accepted {@code exp - iat}, or null for no limit. */
  public @Nullable Duration maxTokenLifetime() {
    return maxTokenLifetime;
  }

  /** The token introspection endpoint (RFC 7662) for opaque tokens, or null. */
  public @Nullable URI introspectionUri() {
    return introspectionUri;
  }

  @Nullable String introspectionClientId() {
    return introspectionClientId;
  }

  /** Never printed, never in a message. */
  @Nullable String introspectionSecret() {
    return introspectionSecret;
  }

  /** Whether this issuer introspects opaque tokens, at a configured or a discovered endpoint. */
  public boolean introspects() {
    return introspectionUri != null || introspectionDiscovered;
  }

  /** Whether this issuer's JWTs, too, are checked at its introspection endpoint. */
  boolean introspectJwts() {
    return introspectJwts;
  }

  boolean introspectionSecretInForm() {
    return introspectionSecretInForm;
  }

  Duration introspectionCacheMaxAge() {
    return introspectionCacheMaxAge;
  }

  Duration introspectionInactiveCacheAge() {
    return introspectionInactiveCacheAge;
  }

  @Override
  public String toString() {
    return "IssuerPolicy[" + issuer + "]";
  }

  private static boolean isFetchableIssuer(String issuer) {
    try {
      return Locations.isFetchable(URI.create(issuer));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Builds an {@link IssuerPolicy}. Not thread-safe. */
  public static final class Builder {
    private final String issuer;
    private final List<String> audiences = new ArrayList<>();
    private boolean anyAudience;
    private Dpop dpop = Dpop.OFF;
    private List<String> algorithms = List.copyOf(JwsAlgorithm.SUPPORTED);
    private Duration leeway = DEFAULT_LEEWAY;
    private @Nullable URI jwksUri;
    private @Nullable String jwksPath;
    private JwksSettings jwks = JwksSettings.DEFAULTS;
    private boolean requireAccessTokenType;
    private boolean allowIdTokens;
    private @Nullable Duration maxTokenLifetime;
    private @Nullable URI introspectionUri;
    private @Nullable String introspectionClientId;
    private @Nullable String introspectionSecret;
    private boolean introspectionSecretInForm;
    private boolean introspectionDiscovered;
    private boolean introspectJwts;
    private Duration introspectionCacheMaxAge = Duration.ofSeconds(60);
    private Duration introspectionInactiveCacheAge = Duration.ofSeconds(10);

    private Builder(String issuer) {
      Objects.requireNonNull(issuer, "issuer");
      if (issuer.isBlank() || !issuer.equals(issuer.strip())) {
        throw new IllegalArgumentException(
            "issuer must be a non-blank string without surrounding spaces: '" + issuer + "'");
      }
      Locations.checkIssuer(issuer);
      this.issuer = issuer;
    }

    /**
     * Accept tokens whose {@code aud} contains one of these (RFC 7519 §4.1.3). Required unless the
     * verifier names its {@linkplain TokenVerifier.Builder#resource resource}, which is always an
     * accepted audience: RFC 9068 §4 says a resource server MUST validate {@code aud}; {@link
     * #anyAudience()} is the only way out.
     */
    public Builder audiences(String... audiences) {
      return audiences(Arrays.asList(audiences));
    }

    /** Accept tokens whose {@code aud} contains one of these; replaces earlier values. */
    public Builder audiences(Collection<String> audiences) {
      this.audiences.clear();
      for (String audience : audiences) {
        Objects.requireNonNull(audience, "audience");
        if (audience.isBlank()) {
          throw new IllegalArgumentException("audience must not be blank");
        }
        this.audiences.add(audience);
      }
      anyAudience = false;
      return this;
    }

    /**
     * Accept tokens for any audience: {@code aud} is not checked. Only for an issuer whose tokens
     * are all meant for this resource server; logged once at WARN.
     */
    public Builder anyAudience() {
      this.audiences.clear();
      this.anyAudience = true;
      return this;
    }

    /** The DPoP mode (RFC 9449) of this issuer's tokens; default {@link Dpop#OFF}. */
    public Builder dpop(Dpop dpop) {
      this.dpop = Objects.requireNonNull(dpop, "dpop");
      return this;
    }

    /** The accepted algorithms; {@code none} and HMAC algorithms are refused. */
    public Builder algorithms(String... algorithms) {
      return algorithms(Arrays.asList(algorithms));
    }

    /** The accepted algorithms; {@code none} and HMAC algorithms are refused. */
    public Builder algorithms(Collection<String> algorithms) {
      JwsAlgorithm.allowList(algorithms);
      this.algorithms = List.copyOf(algorithms);
      return this;
    }

    /**
     * Clock leeway for {@code exp}, {@code nbf} and {@code iat}; default {@link #DEFAULT_LEEWAY}.
     */
    public Builder leeway(Duration leeway) {
      Objects.requireNonNull(leeway, "leeway");
      if (leeway.isNegative() || leeway.compareTo(Duration.ofMinutes(10)) > 0) {
        throw new IllegalArgumentException("leeway must be between 0 and 10 minutes: " + leeway);
      }
      this.leeway = leeway;
      return this;
    }

    /** Where the issuer publishes its JWKS; {@code https}, or {@code http} only on loopback. */
    public Builder jwksUri(URI jwksUri) {
      Objects.requireNonNull(jwksUri, "jwksUri");
      Locations.checkLocation(jwksUri, "jwksUri");
      this.jwksUri = jwksUri;
      return this;
    }

    /**
     * Sends tokens that are not a compact JWS (opaque tokens) to this token introspection endpoint
     * (RFC 7662): {@code https}, or {@code http} only on loopback; no user information.
     */
    public Builder introspectionUri(URI introspectionUri) {
      Objects.requireNonNull(introspectionUri, "introspectionUri");
      Locations.checkLocation(introspectionUri, "introspectionUri");
      this.introspectionUri = introspectionUri;
      return this;
    }

    /**
     * The client this resource server authenticates as to the introspection endpoint, with HTTP
     * Basic ({@code client_secret_basic}) unless {@link #introspectionSecretInForm(boolean)}. The
     * secret is never logged and never in a message.
     */
    public Builder introspectionClient(String clientId, String clientSecret) {
      return introspectionClientId(clientId).introspectionClientSecret(clientSecret);
    }

    /** The introspection client id alone, for the settings table. */
    Builder introspectionClientId(String clientId) {
      Objects.requireNonNull(clientId, "clientId");
      if (clientId.isBlank()) {
        throw new IllegalArgumentException("introspection client id must not be empty");
      }
      this.introspectionClientId = clientId;
      return this;
    }

    /** The introspection client secret alone, for the settings table; never in a message. */
    Builder introspectionClientSecret(String secret) {
      Objects.requireNonNull(secret, "secret");
      if (secret.isEmpty()) {
        throw new IllegalArgumentException("introspection client secret must not be empty");
      }
      this.introspectionSecret = secret;
      return this;
    }

    /**
     * Takes the introspection endpoint from the issuer's metadata ({@code introspection_endpoint}
     * of OpenID Connect Discovery, else RFC 8414), found on first use and refreshed as the keys'
     * metadata is, instead of {@link #introspectionUri(URI)}.
     */
    public Builder introspectionDiscovered() {
      this.introspectionDiscovered = true;
      return this;
    }

    /**
     * Also checks every JWT of this issuer, once verified locally, at its introspection endpoint:
     * for an issuer whose tokens must always be checked online. Its JWTs then skip the JWT cache;
     * the introspection cache bounds how long an answer is reused. Default off.
     */
    public Builder introspectJwts(boolean introspectJwts) {
      this.introspectJwts = introspectJwts;
      return this;
    }

    /** Sends the client credentials in the form ({@code client_secret_post}); default Basic. */
    public Builder introspectionSecretInForm(boolean inForm) {
      this.introspectionSecretInForm = inForm;
      return this;
    }

    /**
     * The longest an active answer is reused (never past the token's {@code exp}); default 60 s.
     */
    public Builder introspectionCacheMaxAge(Duration maxAge) {
      this.introspectionCacheMaxAge = positive(maxAge, "introspectionCacheMaxAge");
      return this;
    }

    /** How long an inactive answer is reused, so a flood of bad tokens costs one call each. */
    public Builder introspectionInactiveCacheAge(Duration maxAge) {
      this.introspectionInactiveCacheAge = positive(maxAge, "introspectionInactiveCacheAge");
      return this;
    }

    private static Duration positive(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive: " + d);
      }
      return d;
    }

    /**
     * A JWKS path relative to the issuer, e.g. {@code /_torii/.well-known/jwks.json}, instead of
     * discovery.
     */
    public Builder jwksPath(String jwksPath) {
      Objects.requireNonNull(jwksPath, "jwksPath");
      if (!jwksPath.startsWith("/")) {
        throw new IllegalArgumentException("jwksPath must start with '/': " + jwksPath);
      }
      this.jwksPath = jwksPath;
      return this;
    }

    /** How long keys stay fresh when the JWKS response has no {@code Cache-Control: max-age}. */
    public Builder jwksTtl(Duration ttl) {
      this.jwks = jwks.withTtl(ttl);
      return this;
    }

    /** Least time between refreshes caused by unknown {@code kid}s. */
    public Builder jwksRefreshCooldown(Duration cooldown) {
      this.jwks = jwks.withRefreshCooldown(cooldown);
      return this;
    }

    /** How long past their lifetime cached keys serve while refreshes fail. */
    public Builder jwksMaxStale(Duration maxStale) {
      this.jwks = jwks.withMaxStale(maxStale);
      return this;
    }

    /** Connect timeout and bound on a whole JWKS or metadata fetch. */
    public Builder jwksTimeout(Duration timeout) {
      this.jwks = jwks.withTimeout(timeout);
      return this;
    }

    /** Largest JWKS or metadata response body read. */
    public Builder jwksMaxBodyBytes(long maxBodyBytes) {
      this.jwks = jwks.withMaxBodyBytes(maxBodyBytes);
      return this;
    }

    /**
     * Require {@code typ: at+jwt} (RFC 9068 §2.1); by default {@code typ} may also be absent or
     * {@code JWT}.
     */
    public Builder requireAccessTokenType(boolean require) {
      this.requireAccessTokenType = require;
      return this;
    }

    /**
     * Accept tokens that carry ID-token-only claims ({@code nonce}, {@code at_hash}, {@code
     * c_hash}) or a {@code typ} claim naming another token type (such as {@code ID} or {@code
     * Refresh}). Off by default: an OpenID Connect ID token is not an access token, even when its
     * {@code aud} (the client id) equals the API's audience.
     */
    public Builder allowIdTokens(boolean allow) {
      this.allowIdTokens = allow;
      return this;
    }

    /** Refuse tokens whose {@code exp - iat} exceeds {@code max} (then {@code iat} is required). */
    public Builder maxTokenLifetime(Duration max) {
      Objects.requireNonNull(max, "maxTokenLifetime");
      if (max.isNegative() || max.isZero()) {
        throw new IllegalArgumentException("maxTokenLifetime must be positive: " + max);
      }
      this.maxTokenLifetime = max;
      return this;
    }

    /**
     * The policy.
     *
     * @throws IllegalArgumentException if both a JWKS URI and a JWKS path are set
     */
    public IssuerPolicy build() {
      if (jwksUri != null && jwksPath != null) {
        throw new IllegalArgumentException(
            "set jwksUri or jwksPath, not both: " + Locations.printable(jwksUri) + ", " + jwksPath);
      }
      if (jwks.refreshCooldown().compareTo(jwks.ttl()) > 0) {
        throw new IllegalArgumentException(
            "jwksRefreshCooldown (jwks-refresh-cooldown-seconds) "
                + jwks.refreshCooldown().toSeconds()
                + " s must not be longer than jwksTtl (jwks-ttl-seconds) "
                + jwks.ttl().toSeconds()
                + " s: keys would expire before an unknown kid may refresh them");
      }
      if (introspectionUri != null && introspectionDiscovered) {
        throw new IllegalArgumentException(
            "set introspectionUri or introspectionDiscovered, not both, for issuer " + issuer);
      }
      if (introspectionDiscovered && !isFetchableIssuer(issuer)) {
        throw new IllegalArgumentException(
            "the introspection endpoint can be discovered only from an https issuer (http on"
                + " loopback): "
                + issuer);
      }
      boolean introspects = introspectionUri != null || introspectionDiscovered;
      if (introspectJwts && !introspects) {
        throw new IllegalArgumentException(
            "introspect-jwts needs an introspection endpoint for issuer " + issuer);
      }
      if (introspects && (introspectionClientId == null || introspectionSecret == null)) {
        throw new IllegalStateException(
            "issuer "
                + issuer
                + ": an introspection endpoint needs the client credentials to call it"
                + " (introspection-client-id and introspection-client-secret)");
      }
      if (anyAudience) {
        LOG.warn("issuer {}: tokens for any audience are accepted (audience=*)", issuer);
      }
      // Without a JWKS URI the keys are found from the issuer itself, so it must be fetchable.
      if (jwksUri == null && !isFetchableIssuer(issuer)) {
        throw new IllegalArgumentException(
            "issuer must be an absolute https URI (http only on loopback) when no jwksUri is set: "
                + issuer);
      }
      return new IssuerPolicy(this);
    }
  }
}
