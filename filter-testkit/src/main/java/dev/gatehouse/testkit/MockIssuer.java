package dev.gatehouse.testkit;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jose4j.json.JsonUtil;
import org.jspecify.annotations.Nullable;

/**
 * A fault-injecting identity provider for tests: it mints JWTs and serves, on 127.0.0.1, the JWKS
 * (RFC 7517 section 5), OpenID Connect Discovery 1.0 metadata and RFC 8414 authorization server
 * metadata needed to verify them.
 *
 * <pre>{@code
 * try (MockIssuer issuer = MockIssuer.start()) {
 *   String token = issuer.token().subject("alice").scopes("orders:read").sign();
 *   // configure the code under test with issuer.issuer() and issuer.jwksUri(), send the token
 *   issuer.rotate();                   // a new key signs from now on; the old one stays published
 *   issuer.jwks().respondWith(503);    // the next JWKS fetch fails
 * }
 * }</pre>
 *
 * <p>The JWKS is served at the issuer plus the JWKS path, discovery at the issuer plus {@code
 * /.well-known/openid-configuration}, and RFC 8414 metadata at {@code
 * /.well-known/oauth-authorization-server} followed by the issuer's path (RFC 8414 section 3.1).
 * Each is an {@link Endpoint} whose faults and counters tests control. Every other path is 404.
 *
 * <p>Thread-safe: keys, faults and counters may be used from any thread while requests are served.
 * Close it to stop the server; its threads are daemons, so a forgotten issuer never keeps a JVM
 * alive.
 */
public final class MockIssuer implements AutoCloseable {
  /** The {@code events} member of a back-channel logout token. */
  public static final String BACKCHANNEL_LOGOUT_EVENT =
      "http://schemas.openid.net/event/backchannel-logout";

  private final Clock clock;
  private final String audience;
  private final KeyRing keys;
  private final IssuerServer server;
  private final String issuer;
  private final URI jwksUri;
  private final URI openIdConfigurationUri;
  private final URI oauthMetadataUri;
  private final Endpoint jwks = new Endpoint("jwks");
  private final Endpoint openIdConfiguration = new Endpoint("openid-configuration");
  private final Endpoint oauthMetadata = new Endpoint("oauth-authorization-server");
  private volatile @Nullable String metadataIssuer;
  private final URI introspectionUri;
  private final Endpoint introspection = new Endpoint("introspection");
  private final URI tokenUri;
  private final Endpoint tokenEndpoint = new Endpoint("token");
  private final Map<String, Map<String, Object>> opaque =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final java.security.SecureRandom random = new java.security.SecureRandom();
  private final java.util.Set<String> revokedJwts =
      java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final java.util.concurrent.atomic.AtomicInteger triggers =
      new java.util.concurrent.atomic.AtomicInteger();

  private MockIssuer(Builder builder) {
    this.clock = builder.clock;
    this.audience = builder.audience;
    this.keys = new KeyRing(builder.algorithm);
    this.server = new IssuerServer(clock, builder.port);
    String origin = "http://127.0.0.1:" + server.port();
    this.issuer = origin + builder.issuerPath;
    this.jwksUri = URI.create(issuer + builder.jwksPath);
    this.openIdConfigurationUri = URI.create(issuer + Builder.OPENID_CONFIGURATION);
    this.oauthMetadataUri = URI.create(origin + Builder.OAUTH_METADATA + builder.issuerPath);
    server.route(jwksUri.getRawPath(), jwks, keys::jwksJson);
    server.route(openIdConfigurationUri.getRawPath(), openIdConfiguration, this::metadataJson);
    server.route(oauthMetadataUri.getRawPath(), oauthMetadata, this::metadataJson);
    this.introspectionUri = URI.create(issuer + "/introspect");
    server.post(introspectionUri.getRawPath(), introspection, this::introspect);
    this.tokenUri = URI.create(issuer + "/token");
    server.post(tokenUri.getRawPath(), tokenEndpoint, this::issueToken);
    server.start();
  }

  /** Starts an issuer with an ES256 key, the system UTC clock and issuer path "". */
  public static MockIssuer start() {
    return builder().start();
  }

  /** Returns a builder for an issuer with non-default settings. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns the issuer identifier, exactly as minted tokens carry it in {@code iss}. */
  public String issuer() {
    return issuer;
  }

  /** Returns {@link #issuer()} as a URI. */
  public URI issuerUri() {
    return URI.create(issuer);
  }

  /** Returns where the JWKS is served: the issuer followed by the JWKS path. */
  public URI jwksUri() {
    return jwksUri;
  }

  /** Returns where OpenID Connect discovery metadata is served. */
  public URI openIdConfigurationUri() {
    return openIdConfigurationUri;
  }

  /** Returns where RFC 8414 metadata is served, the issuer's path after the well-known suffix. */
  public URI oauthMetadataUri() {
    return oauthMetadataUri;
  }

  /** Returns the audience minted tokens carry by default ({@link Builder#audience(String)}). */
  public String audience() {
    return audience;
  }

  /** Returns the clock that minted tokens' {@code iat}, {@code exp} and {@code nbf} come from. */
  public Clock clock() {
    return clock;
  }

  /** Returns a builder for a token signed by the current signing key; see {@link TokenBuilder}. */
  public TokenBuilder token() {
    return new TokenBuilder(issuer, audience, clock, keys);
  }

  /** Returns a valid token for {@code subject}: {@code token().subject(subject).sign()}. */
  public String token(String subject) {
    return token().subject(Objects.requireNonNull(subject, "subject")).sign();
  }

  /**
   * Returns a builder for an OpenID Connect back-channel logout token for client {@code clientId}:
   * header {@code typ} "logout+jwt"; {@code aud} the client, {@code sub} "user-1", {@code iat} now,
   * {@code exp} two minutes later, a fresh {@code jti}, and {@code events} holding the
   * back-channel-logout member; add {@code claim("sid", ...)} to log out one session, or {@code
   * withoutClaim("sub")} beside it.
   */
  public TokenBuilder logoutToken(String clientId) {
    Objects.requireNonNull(clientId, "clientId");
    return token()
        .audience(clientId)
        .typ("logout+jwt")
        .jwtId(UUID.randomUUID().toString())
        .expiresIn(Duration.ofMinutes(2))
        .claim("events", Map.of(BACKCHANNEL_LOGOUT_EVENT, Map.of()));
  }

  /**
   * POSTs {@code logoutToken} to a back-channel logout endpoint as the form parameter {@code
   * logout_token}, as an identity provider does, and returns the answer.
   *
   * @throws java.io.UncheckedIOException if the endpoint cannot be reached
   */
  public static Delivery deliverLogout(URI endpoint, String logoutToken) {
    return Delivery.post(
        endpoint,
        "application/x-www-form-urlencoded",
        "logout_token=" + URLEncoder.encode(logoutToken, StandardCharsets.UTF_8));
  }

  /**
   * Returns a URI on this issuer that, each time it is requested, logs out session {@code sid} at a
   * relying party, as an identity provider does when the user signs out: it mints a fresh logout
   * token for client {@code clientId} ({@link #logoutToken}) and POSTs it to {@code endpoint}, then
   * answers {@code {"delivered":<the endpoint's status>}} to a {@code GET}. For a curl from outside
   * the JVM, such as the examples print.
   */
  public URI logoutTrigger(URI endpoint, String clientId, String sid) {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(sid, "sid");
    String path = issuerUri().getRawPath() + "/logout/" + triggers.incrementAndGet();
    server.route(
        path,
        new Endpoint("logout"),
        () -> {
          Delivery answer = deliverLogout(endpoint, logoutToken(clientId).claim("sid", sid).sign());
          return "{\"delivered\":" + answer.status() + "}";
        });
    return issuerUri().resolve(path);
  }

  /**
   * Returns a builder for a Security Event Token (RFC 8417) for receiver {@code audience}: header
   * {@code typ} "secevent+jwt"; {@code aud} the receiver, {@code iat} now, a fresh {@code jti}, no
   * {@code sub} and no {@code exp}; add the events with {@code claim("events", Map.of(type,
   * Map.of("subject", ...)))}.
   */
  public TokenBuilder securityEvent(String audience) {
    Objects.requireNonNull(audience, "audience");
    return token()
        .audience(audience)
        .typ("secevent+jwt")
        .jwtId(UUID.randomUUID().toString())
        .subject(null)
        .withoutClaim("exp");
  }

  /**
   * POSTs {@code securityEventToken} to a Shared Signals push receiver as a transmitter does (RFC
   * 8935: {@code Content-Type: application/secevent+jwt}), and returns the answer.
   *
   * @throws java.io.UncheckedIOException if the endpoint cannot be reached
   */
  public static Delivery deliverSecurityEvent(URI endpoint, String securityEventToken) {
    return Delivery.post(endpoint, "application/secevent+jwt", securityEventToken);
  }

  /** The client id the introspection endpoint accepts: {@value #INTROSPECTION_CLIENT_ID}. */
  public static final String INTROSPECTION_CLIENT_ID = "resource-server";

  /** That client's secret: {@value #INTROSPECTION_CLIENT_SECRET}. */
  public static final String INTROSPECTION_CLIENT_SECRET = "rs-secret";

  /**
   * Returns where the token introspection endpoint (RFC 7662) is: the issuer plus "/introspect".
   */
  public URI introspectionUri() {
    return introspectionUri;
  }

  /** Returns the introspection endpoint, for faults and hit counts. */
  public Endpoint introspection() {
    return introspection;
  }

  /**
   * Issues an opaque access token (a random string, as an OAuth server stores it) for {@code
   * subject} with {@code scopes}, valid for five minutes; the introspection endpoint answers it as
   * active with {@code iss}, {@code sub}, {@code aud}, {@code scope}, {@code client_id}, {@code
   * iat} and {@code exp}.
   */
  // The Javadoc names the scope claim, which InvalidParam takes for a misspelt "scopes".
  @SuppressWarnings("InvalidParam")
  public String opaqueToken(String subject, String... scopes) {
    Map<String, Object> members = new LinkedHashMap<>();
    long now = clock.instant().getEpochSecond();
    members.put("iss", issuer);
    members.put("sub", Objects.requireNonNull(subject, "subject"));
    members.put("aud", audience);
    members.put("scope", String.join(" ", scopes));
    members.put("client_id", "web-client");
    members.put("token_type", "Bearer");
    members.put("iat", now);
    members.put("exp", now + 300);
    return opaqueToken(members);
  }

  /**
   * Issues an opaque token that introspection answers as active with exactly {@code members} (plus
   * {@code "active": true}): for tests of answers with members missing, wrong or extra.
   */
  public String opaqueToken(Map<String, Object> members) {
    JsonValues.check("members", members);
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    String token = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    opaque.put(token, Map.copyOf(members));
    return token;
  }

  /** Revokes an opaque token: introspection answers it inactive from now on. */
  public void revokeOpaque(String token) {
    opaque.remove(Objects.requireNonNull(token, "token"));
  }

  /**
   * Revokes a JWT this issuer signed: introspection, which answers such a JWT as active with its
   * claims while it is unexpired, answers it inactive from now on.
   */
  public void revokeJwt(String token) {
    revokedJwts.add(Objects.requireNonNull(token, "token"));
  }

  /** The claims of a JWT this issuer signed and has not revoked, unexpired; else null. */
  private @Nullable Map<String, Object> ownJwt(String token) {
    if (revokedJwts.contains(token)) {
      return null;
    }
    try {
      org.jose4j.jws.JsonWebSignature jws = new org.jose4j.jws.JsonWebSignature();
      jws.setCompactSerialization(token);
      java.util.Optional<KeyRing.Entry> key = keys.find(jws.getKeyIdHeaderValue());
      if (key.isEmpty()) {
        return null;
      }
      jws.setKey(key.get().jwk().getPublicKey());
      if (!jws.verifySignature()) {
        return null;
      }
      Map<String, Object> claims = JsonUtil.parseJson(jws.getPayload());
      Object exp = claims.get("exp");
      if (exp instanceof Number n && n.longValue() <= clock.instant().getEpochSecond()) {
        return null;
      }
      return claims;
    } catch (org.jose4j.lang.JoseException | RuntimeException e) {
      return null;
    }
  }

  /**
   * Returns where the token endpoint is: the issuer plus "/token". It answers a {@code
   * client_credentials} grant (RFC 6749 §4.4) from any {@code client_id}, without a secret: the
   * token's {@code sub} is the client id, its {@code scope} the requested scopes, and its {@code
   * aud} the requested {@code resource} (RFC 8707 §2.2), else the issuer's default audience; valid
   * for five minutes.
   *
   * <p>A request with a {@code DPoP} header gets a DPoP-bound token (RFC 9449 §5): if the header is
   * one valid proof ({@code typ} "dpop+jwt", an asymmetric {@code alg}, a public {@code jwk} that
   * verifies it, a {@code jti}, {@code htm} "POST", {@code htu} exactly this URI and {@code iat}
   * within 60 seconds of the issuer's clock, as {@link DpopProver} makes them), the token's {@code
   * cnf.jkt} is the proof key's thumbprint and {@code token_type} is "DPoP"; otherwise the answer
   * is 400 {@code {"error":"invalid_dpop_proof"}}. Proofs' {@code jti} values are not remembered.
   *
   * <p>A POST with {@code Content-Type: application/json} is not an OAuth request (RFC 6749 §3.2
   * takes form bodies only) but a mint order, for tests that run outside this JVM: the body is a
   * JSON object of claims that replace the defaults of {@link #token()}, a {@code null} member
   * leaving that claim out, such as {@code {"sub":"alice","scope":"orders.read"}}; the answer is a
   * token response as above. A body that is not a JSON object is answered 400 {@code
   * {"error":"invalid_request","error_description":...}}.
   */
  public URI tokenUri() {
    return tokenUri;
  }

  /** Returns the token endpoint, for faults and hit counts. */
  public Endpoint tokenEndpoint() {
    return tokenEndpoint;
  }

  private Responder.Answer issueToken(com.sun.net.httpserver.Headers headers, byte[] body) {
    if (isJson(headers.getFirst("Content-Type"))) {
      return mint(body);
    }
    Map<String, List<String>> form = new LinkedHashMap<>();
    for (String pair : new String(body, StandardCharsets.UTF_8).split("&", -1)) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        form.computeIfAbsent(
                java.net.URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                k -> new java.util.ArrayList<>())
            .add(java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    List<String> grant = form.getOrDefault("grant_type", List.of());
    List<String> client = form.getOrDefault("client_id", List.of());
    if (!grant.equals(List.of("client_credentials"))) {
      return new Responder.Answer(400, "{\"error\":\"unsupported_grant_type\"}");
    }
    if (client.size() != 1 || client.get(0).isEmpty()) {
      return new Responder.Answer(401, "{\"error\":\"invalid_client\"}");
    }
    TokenBuilder token = token().subject(client.get(0)).claim("client_id", client.get(0));
    List<String> proofs = headers.get("DPoP");
    if (proofs != null) {
      Optional<String> jkt = DpopProofCheck.thumbprint(proofs, "POST", tokenUri, clock.instant());
      if (jkt.isEmpty()) {
        return new Responder.Answer(400, "{\"error\":\"invalid_dpop_proof\"}");
      }
      token.dpopBound(jkt.get());
    }
    List<String> resources = form.getOrDefault("resource", List.of());
    if (!resources.isEmpty()) {
      token.audience(resources.toArray(String[]::new));
    }
    String scope = form.getOrDefault("scope", List.of("")).get(0);
    List<String> scopes = new java.util.ArrayList<>();
    for (String word : scope.split(" ", -1)) {
      if (!word.isEmpty()) {
        scopes.add(word);
      }
    }
    token.scopes(scopes.toArray(String[]::new));
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("access_token", token.sign());
    answer.put("token_type", proofs != null ? "DPoP" : "Bearer");
    answer.put("expires_in", 300);
    if (!scopes.isEmpty()) {
      answer.put("scope", String.join(" ", scopes));
    }
    return new Responder.Answer(200, JsonUtil.toJson(answer));
  }

  private static boolean isJson(@Nullable String contentType) {
    if (contentType == null) {
      return false;
    }
    String type = contentType.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
    return type.equals("application/json") || type.endsWith("+json");
  }

  /** A token with the claims of a JSON body over the defaults; see {@link #tokenUri()}. */
  private Responder.Answer mint(byte[] body) {
    Map<String, Object> claims;
    try {
      claims = JsonUtil.parseJson(new String(body, StandardCharsets.UTF_8));
    } catch (org.jose4j.lang.JoseException | RuntimeException | StackOverflowError e) {
      claims = null;
    }
    if (claims == null) {
      return invalidRequest(
          "the body must be a JSON object of claims, such as {\"sub\":\"alice\"}");
    }
    TokenBuilder token = token();
    try {
      claims.forEach(
          (name, value) -> {
            if (value == null) {
              token.withoutClaim(name);
            } else {
              token.claim(name, value);
            }
          });
    } catch (IllegalArgumentException e) {
      return invalidRequest(String.valueOf(e.getMessage()));
    }
    String signed = token.sign();
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("access_token", signed);
    answer.put("token_type", "Bearer");
    if (token.expiry() instanceof Number n) {
      answer.put("expires_in", n.longValue() - clock.instant().getEpochSecond());
    }
    return new Responder.Answer(200, JsonUtil.toJson(answer));
  }

  /** RFC 6749 §5.2's error answer. */
  private static Responder.Answer invalidRequest(String description) {
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("error", "invalid_request");
    answer.put("error_description", description);
    return new Responder.Answer(400, JsonUtil.toJson(answer));
  }

  /**
   * RFC 7662 §2: the client authenticates (basic or in the form); the answer says active or not.
   */
  private Responder.Answer introspect(com.sun.net.httpserver.Headers headers, byte[] body) {
    Map<String, String> form = new LinkedHashMap<>();
    for (String pair : new String(body, StandardCharsets.UTF_8).split("&", -1)) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        form.put(
            java.net.URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    String id = form.get("client_id");
    String secret = form.get("client_secret");
    String authorization = headers.getFirst("Authorization");
    if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      try {
        String pair =
            new String(
                java.util.Base64.getDecoder().decode(authorization.substring(6).trim()),
                StandardCharsets.UTF_8);
        int colon = pair.indexOf(':');
        id =
            java.net.URLDecoder.decode(
                pair.substring(0, Math.max(colon, 0)), StandardCharsets.UTF_8);
        secret = java.net.URLDecoder.decode(pair.substring(colon + 1), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        id = null;
      }
    }
    if (!INTROSPECTION_CLIENT_ID.equals(id) || !INTROSPECTION_CLIENT_SECRET.equals(secret)) {
      return new Responder.Answer(401, "{\"error\":\"invalid_client\"}");
    }
    String token = form.get("token");
    if (token == null) {
      return new Responder.Answer(400, "{\"error\":\"invalid_request\"}");
    }
    Map<String, Object> members = opaque.get(token);
    if (members == null) {
      members = ownJwt(token);
    }
    if (members == null) {
      return new Responder.Answer(200, "{\"active\":false}");
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("active", true);
    answer.putAll(members);
    return new Responder.Answer(200, JsonUtil.toJson(answer));
  }

  /** Returns the kid of the key that signs tokens by default. */
  public String signingKid() {
    return keys.signingKid();
  }

  /**
   * Publishes a new key with the current signing key's algorithm, makes it the signing key, and
   * returns its kid.
   */
  public String rotate() {
    return keys.rotate();
  }

  /** Publishes a new key for {@code alg}, makes it the signing key, and returns its kid. */
  public String rotate(String alg) {
    return keys.rotate(Objects.requireNonNull(alg, "alg"));
  }

  /** Publishes a new key for {@code alg} without signing with it, and returns its kid. */
  public String addKey(String alg) {
    return keys.add(Objects.requireNonNull(alg, "alg"));
  }

  /**
   * Removes key {@code kid} from the JWKS. It can still sign through {@code token().kid(kid)}, and
   * if it is the signing key it remains so.
   */
  public void retire(String kid) {
    keys.retire(Objects.requireNonNull(kid, "kid"));
  }

  /** Returns the public key of {@code kid}, published or retired. */
  public PublicKey publicKey(String kid) {
    return keys.keyPair(Objects.requireNonNull(kid, "kid")).getPublic();
  }

  /** Returns the key pair of {@code kid}, published or retired. */
  public KeyPair keyPair(String kid) {
    return keys.keyPair(Objects.requireNonNull(kid, "kid"));
  }

  /** Returns the JWKS document as served now: public members, kty, kid, use, alg and crv. */
  public String jwksJson() {
    return keys.jwksJson();
  }

  /** Returns the JWKS endpoint; the same object on every call. */
  public Endpoint jwks() {
    return jwks;
  }

  /** Returns the OpenID Connect discovery endpoint; the same object on every call. */
  public Endpoint openIdConfiguration() {
    return openIdConfiguration;
  }

  /** Returns the RFC 8414 metadata endpoint; the same object on every call. */
  public Endpoint oauthMetadata() {
    return oauthMetadata;
  }

  /**
   * Makes both metadata documents claim {@code issuerValue} as their {@code issuer}, to test the
   * mismatch check of RFC 8414 section 3.3 and OpenID Connect Discovery section 4.3; null restores
   * the real issuer.
   */
  public void metadataIssuer(@Nullable String issuerValue) {
    this.metadataIssuer = issuerValue;
  }

  /**
   * Clears the faults and counters of every endpoint, releasing hung requests, and restores the
   * metadata issuer. Keys are unchanged.
   */
  public void reset() {
    metadataIssuer = null;
    jwks.reset();
    openIdConfiguration.reset();
    oauthMetadata.reset();
    introspection.reset();
    tokenEndpoint.reset();
  }

  /** Releases hung requests and stops the server. Closing again does nothing. */
  @Override
  public void close() {
    server.close();
  }

  @Override
  public String toString() {
    return "MockIssuer[" + issuer + "]";
  }

  private String metadataJson() {
    String claimed = metadataIssuer;
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("issuer", claimed != null ? claimed : issuer);
    doc.put("authorization_endpoint", issuer + "/authorize");
    doc.put("token_endpoint", tokenUri.toString());
    doc.put("grant_types_supported", List.of("client_credentials"));
    doc.put("jwks_uri", jwksUri.toString());
    doc.put("introspection_endpoint", introspectionUri.toString());
    doc.put("response_types_supported", List.of("code"));
    doc.put("subject_types_supported", List.of("public"));
    doc.put("id_token_signing_alg_values_supported", keys.publishedAlgorithms());
    doc.put("dpop_signing_alg_values_supported", KeyRing.ALGORITHMS);
    return JsonUtil.toJson(doc);
  }

  /**
   * Settings for a {@link MockIssuer}; {@link #start()} checks them and starts the server.
   *
   * <p>Not thread-safe; each {@link #start()} starts an independent issuer.
   */
  public static final class Builder {

    static final String OPENID_CONFIGURATION = "/.well-known/openid-configuration";
    static final String OAUTH_METADATA = "/.well-known/oauth-authorization-server";
    static final String DEFAULT_JWKS_PATH = "/.well-known/jwks.json";
    static final String DEFAULT_ALGORITHM = "ES256";
    static final String DEFAULT_AUDIENCE = "api";

    private static final Pattern PATH =
        Pattern.compile("(/([A-Za-z0-9._~!$&'()*+,;=:@-]|%[0-9A-Fa-f]{2})+)*");

    private Clock clock = Clock.systemUTC();
    private String issuerPath = "";
    private String jwksPath = DEFAULT_JWKS_PATH;
    private String algorithm = DEFAULT_ALGORITHM;
    private String audience = DEFAULT_AUDIENCE;
    private int port;

    private Builder() {}

    /**
     * The port on 127.0.0.1 to listen on, for an application configured ahead of time with a fixed
     * issuer such as {@code http://127.0.0.1:9000}; default 0, a free port. {@link #start()} throws
     * {@link java.io.UncheckedIOException} if the port is taken.
     *
     * @param port 0 to 65535
     */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be between 0 and 65535: " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * The clock for minted tokens' times and for Last-Modified; default {@link Clock#systemUTC()}.
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The path after the origin in the issuer, such as "/tenant1"; default "", no trailing slash.
     */
    public Builder issuerPath(String issuerPath) {
      this.issuerPath = Objects.requireNonNull(issuerPath, "issuerPath");
      return this;
    }

    /** The JWKS location relative to the issuer; default "/.well-known/jwks.json". */
    public Builder jwksPath(String jwksPath) {
      this.jwksPath = Objects.requireNonNull(jwksPath, "jwksPath");
      return this;
    }

    /**
     * The first signing key's algorithm: ES256 (default), ES384, ES512, RS256, RS384, RS512, PS256,
     * PS384, PS512 or EdDSA (Ed25519). RSA keys are 2048 bits.
     */
    public Builder algorithm(String alg) {
      this.algorithm = Objects.requireNonNull(alg, "alg");
      return this;
    }

    /** The audience minted tokens carry by default; default "api". */
    public Builder audience(String audience) {
      this.audience = Objects.requireNonNull(audience, "audience");
      return this;
    }

    /**
     * Checks the settings and starts the issuer on 127.0.0.1, on a free port unless {@link
     * #port(int)} names one.
     *
     * @throws IllegalArgumentException if a setting is invalid or two endpoints would share a path
     * @throws java.io.UncheckedIOException if the port cannot be bound
     */
    public MockIssuer start() {
      if (!PATH.matcher(issuerPath).matches()) {
        throw new IllegalArgumentException(
            "issuerPath must be empty or /-separated segments without a trailing slash: "
                + issuerPath);
      }
      if (jwksPath.isEmpty() || !PATH.matcher(jwksPath).matches()) {
        throw new IllegalArgumentException(
            "jwksPath must be /-separated segments without a trailing slash: " + jwksPath);
      }
      KeyRing.checkAlgorithm(algorithm);
      if (audience.isBlank()) {
        throw new IllegalArgumentException("audience must not be blank: '" + audience + "'");
      }
      String jwks = issuerPath + jwksPath;
      if (jwks.equals(issuerPath + OPENID_CONFIGURATION)
          || jwks.equals(OAUTH_METADATA + issuerPath)) {
        throw new IllegalArgumentException("jwksPath must not be a metadata location: " + jwksPath);
      }
      return new MockIssuer(this);
    }
  }
}
