package dev.gatehouse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole per-request decision, shared by every adapter: which requirement applies to a request,
 * whether its token satisfies it, and, if not, the exact refusal to send.
 *
 * <pre>{@code
 * Guard guard = Guard.builder(verifier)
 *     .excludePaths("/health", "/public/*")
 *     .rule(new RouteRule("GET", "/books/*", Requirement.scopes("books.read")))
 *     .build();
 * Decision decision = guard.decide(RequestView.builder("GET", "/books/1")
 *     .headers(name -> List.of(authorizationHeader))
 *     .build());
 * }</pre>
 *
 * <p>The decision, in order: (1) a CORS preflight from a client passes; (2) the path is judged on
 * its segments as the container routes them, and a {@code .} or {@code ..} segment is refused; (3)
 * for the wire method and every method override the request carries, the first of exclude-paths
 * (pass), route rules in the order given, and the default {@code required-scopes} applies, and all
 * of them must hold; (4) the adapter's declared (annotation) requirements are added; (5) the token
 * is taken from the request and verified; (6) scopes, roles and denials are checked. See the
 * README's "What the filter sees".
 *
 * <p>Immutable and thread-safe; build one and share it.
 */
public final class Guard {
  /** How refusals are applied. */
  public enum Mode {
    /** Every protected request needs a valid token (the default). */
    REQUIRED,
    /**
     * A request without a token passes with no {@code Auth}; a present but invalid token is
     * refused.
     */
    OPTIONAL,
    /**
     * Never refuses: a valid token yields an {@code Auth}; any failure is put at {@link
     * AuthFailure#REQUEST_ATTRIBUTE} for the application to act on.
     */
    ANNOTATE
  }

  private static final Logger LOG = LoggerFactory.getLogger(Guard.class);
  private static final String ACCESS_TOKEN = "access_token";
  private static final Requirement ONLINE = Requirement.AUTHENTICATED.online();

  private final TokenVerifier verifier;
  private final Mode mode;
  private final Requirement defaultRequirement;
  private final List<PathPattern> excludePaths;
  private final List<RouteRule.Compiled> rules;
  private final ScopeMatcher scopeMatcher;
  private final RoleMapping roles;
  private final ErrorRenderer renderer;
  private final @Nullable String realm;
  private final boolean queryToken;
  private final boolean formToken;
  private final AtomicBoolean renderFailureLogged = new AtomicBoolean();
  private final List<Mounted> endpoints;
  private final List<Addition> additions;
  private final @Nullable String resourceMetadata;
  private final Challenge.Schemes schemes;
  private final @Nullable ForwardedCertificates clientCertificates;

  private Guard(Builder b, List<RouteRule.Compiled> rules) {
    this.queryToken = b.queryToken;
    this.formToken = b.formToken;
    this.verifier = b.verifier;
    this.mode = b.mode;
    this.defaultRequirement = Requirement.scopes(b.requiredScopes);
    this.excludePaths = List.copyOf(b.excludePaths);
    this.rules = rules;
    this.scopeMatcher = b.scopeMatcher;
    this.roles = b.roles;
    this.renderer = b.renderer;
    this.realm = b.realm;
    this.endpoints = List.copyOf(b.endpoints.values());
    this.additions = List.copyOf(b.additions);
    this.schemes = schemes(b.verifier);
    this.clientCertificates = b.forwardedCertificates;
    ResourceUri resource = b.verifier.resourceUri();
    this.resourceMetadata =
        resource == null
            ? null
            : b.resourceMetadataUrl != null ? b.resourceMetadataUrl : resource.metadataUrl();
  }

  /** The schemes the verifier's issuers accept, for challenges. */
  static Challenge.Schemes schemes(TokenVerifier verifier) {
    DpopPolicy.Active dpop = verifier.dpop();
    if (dpop == null) {
      return Challenge.Schemes.BEARER;
    }
    boolean bearer =
        verifier.issuers().stream().anyMatch(p -> p.dpop() != IssuerPolicy.Dpop.REQUIRE);
    return new Challenge.Schemes(bearer, dpop.policy().algorithmList());
  }

  /** A builder around {@code verifier}. */
  public static Builder builder(TokenVerifier verifier) {
    return new Builder(verifier);
  }

  /** The decision for one request. Never throws for anything the request contains. */
  public Decision decide(RequestView view) {
    Objects.requireNonNull(view, "view");
    Decision decision = decision(view);
    GatehouseListener events = verifier.events();
    if (events != null) {
      tell(events, view, decision);
    }
    return decision;
  }

  /**
   * The event of {@code decision}: accepted with a verified token, refused when refused (or, in
   * annotate mode, passed on with a failure); none for a request that passes without a token.
   */
  private void tell(GatehouseListener events, RequestView view, Decision decision) {
    Auth auth = decision.auth();
    AuthFailure failure = decision.failure();
    if (failure == null) {
      if (auth != null) {
        events.on(new GatehouseEvent.TokenAccepted(auth.issuer()));
      }
      return;
    }
    if (decision instanceof Decision.Refuse || mode == Mode.ANNOTATE) {
      events.on(
          new GatehouseEvent.TokenRefused(
              failure.reason(),
              auth == null ? null : auth.issuer(),
              auth == null ? null : auth.subject(),
              "/" + String.join("/", view.segments),
              requestId(view)));
    }
  }

  private static final java.util.regex.Pattern REQUEST_ID =
      java.util.regex.Pattern.compile("[A-Za-z0-9._:-]{1,64}");

  /** The request's one well-formed {@code X-Request-Id}, or null. */
  private static @Nullable String requestId(RequestView view) {
    List<String> ids = view.header("X-Request-Id");
    if (ids == null || ids.size() != 1) {
      return null;
    }
    String id = ids.get(0);
    return id != null && REQUEST_ID.matcher(id).matches() ? id : null;
  }

  private Decision decision(RequestView view) {
    if (HttpMethods.isCorsPreflight(view)) {
      return Decision.Proceed.PASS;
    }
    Requirement requirement;
    RequestPath path;
    try {
      path = RequestPath.of(view.segments);
      requirement = Requirement.NONE;
      for (String method : HttpMethods.effective(view)) {
        requirement = requirement.and(routeRequirement(method, path, view.permitAll));
      }
    } catch (AuthException e) {
      return refuse(null, e.failure(), Requirement.AUTHENTICATED, false);
    }
    requirement = requirement.and(view.declared);
    if (!requirement.authenticates()) {
      return Decision.Proceed.PASS;
    }
    // Path requirements add to a protected request; they never protect an excluded one.
    for (int i = 0; i < additions.size(); i++) {
      Addition addition = additions.get(i);
      if (addition.pattern().matches(path)) {
        requirement = requirement.and(addition.requirement());
      }
    }
    requirement = bindPathParameters(requirement, view);
    if (requirement.isDenied()) {
      return refuse(
          null, AuthFailure.of(FailureReason.FORBIDDEN, "access denied"), requirement, false);
    }
    boolean dpopRequest =
        verifier.dpop() != null && BearerToken.isDpop(view.header("Authorization"));
    Auth auth;
    try {
      auth = dpopRequest ? authenticateDpop(view) : authenticate(view);
      checkCertificate(view, auth);
    } catch (AuthException e) {
      return refuse(null, e.failure(), requirement, dpopRequest);
    }
    Decision decision = authorize(auth, requirement, dpopRequest);
    if (requirement.isOnline() && decision instanceof Decision.Proceed) {
      try {
        verifier.checkOnline(auth, dpopRequest ? dpopToken(view) : token(view));
      } catch (AuthException e) {
        return refuse(null, e.failure(), requirement, dpopRequest);
      }
    }
    return decision;
  }

  /**
   * A request with {@code Authorization: DPoP}: the token, verified (from the cache or not), then
   * its proof, checked on every request (RFC 9449 §7.1).
   */
  private Auth authenticateDpop(RequestView view) throws AuthException {
    DpopPolicy.Active dpop = Objects.requireNonNull(verifier.dpop());
    String token = dpopToken(view);
    Auth auth = verifier.verify(token);
    IssuerPolicy policy = verifier.policy(auth.issuer());
    if (policy == null || policy.dpop() == IssuerPolicy.Dpop.OFF) {
      throw AuthFailure.of(FailureReason.WRONG_SENDER, "DPoP is not accepted for this issuer")
          .exception();
    }
    dpop.check(view, token, auth, policy.leeway(), verifier.provider());
    return auth;
  }

  private static String dpopToken(RequestView view) throws AuthException {
    List<String> values = view.header("Authorization");
    long region = BearerToken.region(values, BearerToken.DPOP);
    return values.get(0).substring((int) (region >>> 32), (int) region);
  }

  /**
   * The checks of a token's binding that hold whatever the scheme: a DPoP-bound token only with its
   * proof, a token of an issuer that requires DPoP only bound, a certificate-bound one only over
   * its certificate's connection (RFC 8705 §3).
   */
  private void checkCertificate(RequestView view, Auth auth) throws AuthException {
    Object cnf = auth.claims().get("cnf");
    if (cnf instanceof Map<?, ?> confirmation) {
      if (confirmation.get("x5t#S256") != null) {
        String thumbprint = certificateThumbprint(view);
        if (!(confirmation.get("x5t#S256") instanceof String bound)
            || thumbprint == null
            || !java.security.MessageDigest.isEqual(
                bound.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                thumbprint.getBytes(java.nio.charset.StandardCharsets.US_ASCII))) {
          throw AuthFailure.of(
                  FailureReason.WRONG_SENDER, "token is not bound to the client certificate")
              .exception();
        }
      }
    }
  }

  /** Throws for a bearer-scheme token that must come with DPoP. */
  private void checkBearerUse(Auth auth) throws AuthException {
    if (DpopPolicy.boundKey(auth) != null) {
      throw AuthFailure.of(
              FailureReason.WRONG_SENDER, "a DPoP-bound token needs the DPoP scheme and a proof")
          .exception();
    }
    if (verifier.dpop() != null) {
      IssuerPolicy policy = verifier.policy(auth.issuer());
      if (policy != null && policy.dpop() == IssuerPolicy.Dpop.REQUIRE) {
        throw AuthFailure.of(FailureReason.WRONG_SENDER, "this issuer's tokens must be DPoP-bound")
            .exception();
      }
    }
  }

  /**
   * The SHA-256 thumbprint (base64url) of the request's client certificate: the one the container
   * verified, else one a trusted proxy forwarded in the configured header; null for none.
   */
  private @Nullable String certificateThumbprint(RequestView view) {
    java.security.cert.X509Certificate[] chain = view.clientCertificates.get();
    try {
      if (chain != null && chain.length > 0 && chain[0] != null) {
        return Base64Url.sha256(chain[0].getEncoded());
      }
      if (clientCertificates == null) {
        return null;
      }
      java.security.cert.X509Certificate forwarded = clientCertificates.forwarded(view);
      return forwarded == null ? null : Base64Url.sha256(forwarded.getEncoded());
    } catch (java.security.cert.CertificateEncodingException e) {
      return null;
    }
  }

  /** Patterns whose protected requests also need a requirement, on top of the rules. */
  private record Addition(PathPattern pattern, Requirement requirement) {}

  /**
   * Binds the organization checks no route rule bound to the adapter's path parameters (JAX-RS
   * {@code @PathParam}s): a parameter with one distinct value binds, any other stays unbound and so
   * refused.
   */
  private static Requirement bindPathParameters(Requirement requirement, RequestView view) {
    Map<String, String> values = null;
    List<Requirement.OrganizationCheck> checks = requirement.organizationChecks();
    if (checks.isEmpty()) {
      return requirement;
    }
    for (Requirement.OrganizationCheck check : checks) {
      if (check.organization() != null) {
        continue;
      }
      List<String> found = view.pathParameters.apply(check.variable());
      if (found != null && !found.isEmpty() && Set.copyOf(found).size() == 1) {
        if (values == null) {
          values = new LinkedHashMap<>();
        }
        values.put(check.variable(), found.get(0));
      }
    }
    return values == null ? requirement : requirement.bind(values);
  }

  /** The token {@link #authenticate} took from the request, for an online check. */
  private String token(RequestView view) throws AuthException {
    BearerToken.Selection selection = selection(view);
    if (selection != null && selection.parameterToken() != null) {
      return selection.parameterToken();
    }
    List<String> values =
        selection == null ? view.header("Authorization") : selection.headerValues();
    long region = BearerToken.region(values);
    return values.get(0).substring((int) (region >>> 32), (int) region);
  }

  /**
   * The endpoint served at this request's path (an exact match, on a request from a client), which
   * the adapter must answer with instead of calling {@link #decide}; null for every other request.
   */
  public @Nullable Endpoint endpoint(RequestView view) {
    Objects.requireNonNull(view, "view");
    if (endpoints.isEmpty() || view.dispatch != RequestView.Dispatch.REQUEST) {
      return null;
    }
    RequestPath path;
    try {
      path = RequestPath.of(view.segments);
    } catch (AuthException e) {
      return null;
    }
    for (Mounted mounted : endpoints) {
      if (mounted.path().matches(path)) {
        return mounted.endpoint();
      }
    }
    return null;
  }

  /** An endpoint and the exact path it is served at. */
  private record Mounted(PathPattern path, Endpoint endpoint) {}

  /** Whether any {@link Endpoint} is mounted, so an adapter knows to look before matching. */
  public boolean hasEndpoints() {
    return !endpoints.isEmpty();
  }

  /** Exclude-paths, then rules in order, then the default (unless the resource is public). */
  private Requirement routeRequirement(String method, RequestPath path, boolean permitAll) {
    for (PathPattern pattern : excludePaths) {
      if (pattern.matches(path)) {
        return Requirement.NONE;
      }
    }
    for (RouteRule.Compiled rule : rules) {
      if (rule.matches(method, path)) {
        Requirement requirement = rule.rule().requirement();
        return requirement.organizationChecks().isEmpty()
            ? requirement
            : requirement.bind(rule.pattern().variables(path));
      }
    }
    return permitAll ? Requirement.OPTIONAL : defaultRequirement;
  }

  private Auth authenticate(RequestView view) throws AuthException {
    BearerToken.Selection selection = selection(view);
    Auth auth;
    if (selection == null) {
      auth = verifier.authenticate(view.header("Authorization"));
    } else {
      String token = selection.parameterToken();
      auth =
          token == null ? verifier.authenticate(selection.headerValues()) : verifier.verify(token);
    }
    checkBearerUse(auth);
    return auth;
  }

  /**
   * Where the request's token comes from when access-token parameters are on and present: one
   * parameter, or the headers that remain; null when only the {@code Authorization} header counts
   * (nothing allocated on that common path).
   */
  private BearerToken.@Nullable Selection selection(RequestView view) throws AuthException {
    List<String> queryTokens = queryToken ? view.query.apply(ACCESS_TOKEN) : List.of();
    List<String> formTokens =
        formToken && !"GET".equals(view.method) ? view.form.apply(ACCESS_TOKEN) : List.of();
    if (queryTokens.isEmpty() && formTokens.isEmpty()) {
      return null;
    }
    return BearerToken.select(view.header("Authorization"), queryTokens, formTokens);
  }

  /**
   * The decision for an authenticated request that must meet {@code requirement}: step-up (401),
   * then scopes, claims, organizations, delegation and roles (403).
   */
  Decision authorize(Auth auth, Requirement requirement) {
    return authorize(auth, requirement, false);
  }

  private Decision authorize(Auth auth, Requirement requirement, boolean dpopRequest) {
    if (requirement.needsCertificateBound()
        && !(auth.claims().get("cnf") instanceof Map<?, ?> cnf && cnf.get("x5t#S256") != null)) {
      return refuse(
          auth,
          AuthFailure.of(FailureReason.WRONG_SENDER, "a certificate-bound token is required"),
          requirement,
          dpopRequest);
    }
    AuthFailure stepUp = StepUp.check(auth, requirement, verifier.clock().instant());
    if (stepUp != null) {
      return refuse(auth, stepUp, requirement, dpopRequest);
    }
    for (String scope : requirement.scopes()) {
      if (!scopeMatcher.grants(auth.scopes(), scope)) {
        AuthFailure failure =
            AuthFailure.of(FailureReason.INSUFFICIENT_SCOPE, "token lacks a required scope");
        return refuse(auth, failure, requirement, dpopRequest);
      }
    }
    List<Requirement.ClaimCheck> claimChecks = requirement.claimChecks();
    for (int i = 0; i < claimChecks.size(); i++) {
      Requirement.ClaimCheck check = claimChecks.get(i);
      if (!check.passes(auth)) {
        AuthFailure failure =
            AuthFailure.of(
                FailureReason.INSUFFICIENT_SCOPE,
                "token's " + check.name() + " claim does not meet the requirement");
        return refuse(auth, failure, requirement, dpopRequest);
      }
    }
    List<Requirement.OrganizationCheck> organizationChecks = requirement.organizationChecks();
    for (int i = 0; i < organizationChecks.size(); i++) {
      Requirement.OrganizationCheck check = organizationChecks.get(i);
      String organization = check.organization();
      boolean granted = organization != null && auth.isMemberOf(organization);
      for (String scope : check.scopes()) {
        // granted is true only when organization is not null.
        granted = granted && auth.hasAccessIn(Objects.requireNonNull(organization), scope);
      }
      if (!granted) {
        AuthFailure failure =
            AuthFailure.of(
                FailureReason.INSUFFICIENT_SCOPE,
                organization == null
                    ? "the route names no organization"
                    : "token lacks a required permission in the organization");
        return refuse(auth, failure, requirement, dpopRequest);
      }
    }
    if (requirement.refusesDelegation() && auth.isDelegated()) {
      return refuse(
          auth,
          AuthFailure.of(FailureReason.FORBIDDEN, "delegated tokens are not accepted here"),
          requirement,
          dpopRequest);
    }
    for (Set<String> group : requirement.roleGroups()) {
      if (group.stream().noneMatch(role -> roles.isUserInRole(auth, role))) {
        return refuse(
            auth,
            AuthFailure.of(FailureReason.FORBIDDEN, "token lacks a required role"),
            requirement,
            dpopRequest);
      }
    }
    return new Decision.Proceed(auth, null);
  }

  private Decision refuse(
      @Nullable Auth auth, AuthFailure failure, Requirement requirement, boolean dpopRequest) {
    if (mode == Mode.ANNOTATE) {
      return new Decision.Proceed(auth, failure);
    }
    // Optional mode or route: no token at all is fine where nothing beyond a token is asked.
    boolean optionalPass =
        (mode == Mode.OPTIONAL || requirement.isOptional())
            && failure.reason() == FailureReason.MISSING_TOKEN
            && !requirement.asksMoreThanAToken();
    if (optionalPass) {
      return new Decision.Proceed(null, failure);
    }
    return new Decision.Refuse(rejection(failure, requirement, dpopRequest), auth, failure);
  }

  /**
   * The response for {@code failure}; {@code requirement} fills the challenge's {@code scope},
   * {@code acr_values} and {@code max_age}.
   */
  Rejection rejection(AuthFailure failure, Requirement requirement) {
    return rejection(failure, requirement, false);
  }

  /**
   * The answer this guard sends for {@code failure} under its default requirement: for an adapter
   * that learns after {@link #decide} that a token was needed (Jakarta Security, for a resource its
   * container protects).
   */
  public Rejection rejection(AuthFailure failure) {
    return rejection(Objects.requireNonNull(failure, "failure"), defaultRequirement, false);
  }

  private Rejection rejection(AuthFailure failure, Requirement requirement, boolean dpopRequest) {
    Map<String, String> headers = new LinkedHashMap<>();
    String challenge =
        Challenge.of(failure, realm, requirement, resourceMetadata, schemes, dpopRequest);
    if (challenge != null) {
      headers.put("WWW-Authenticate", challenge);
    }
    DpopPolicy.Active dpop = verifier.dpop();
    FailureReason reason = failure.reason();
    if (dpop != null
        && (reason == FailureReason.USE_DPOP_NONCE || reason == FailureReason.INVALID_DPOP_PROOF)) {
      String nonce = dpop.currentNonce();
      if (nonce != null) {
        headers.put("DPoP-Nonce", nonce);
      }
    }
    if (failure.retryAfter() != null) {
      long seconds = Math.max(1, (failure.retryAfter().toMillis() + 999) / 1000);
      headers.put("Retry-After", Long.toString(seconds));
    }
    // RFC 6750 §3 and RFC 9111 §5.2.2.5: a refusal is never stored by a cache.
    headers.put("Cache-Control", "no-store");
    return new Rejection(failure.reason().status(), headers, render(failure));
  }

  private ErrorBody render(AuthFailure failure) {
    try {
      ErrorBody body = renderer.render(failure);
      if (body != null) {
        return body;
      }
    } catch (RuntimeException | Error e) {
      if (e instanceof OutOfMemoryError oom) {
        throw oom;
      }
      // A broken renderer must not turn a refusal into a 500: fall back to the built-in body.
      if (renderFailureLogged.compareAndSet(false, true)) {
        LOG.warn("error renderer failed ({}); sending the built-in body", e.getClass().getName());
      }
      return ErrorRenderer.json().render(failure);
    }
    if (renderFailureLogged.compareAndSet(false, true)) {
      LOG.warn("error renderer returned null; sending the built-in body");
    }
    return ErrorRenderer.json().render(failure);
  }

  /**
   * One line of this guard's effective configuration, for the start-up log: issuers with their
   * audiences, algorithms and DPoP mode, the resource, the mode, the default scopes, exclude-paths,
   * rules and endpoints. Never a secret: no client secret, no replica URI.
   */
  public String summary() {
    StringBuilder out = new StringBuilder("mode=").append(mode.name().toLowerCase(Locale.ROOT));
    for (IssuerPolicy policy : verifier.issuers()) {
      out.append(", issuer=")
          .append(policy.issuer())
          .append(" audiences=")
          .append(policy.acceptsAnyAudience() ? "*" : new java.util.TreeSet<>(policy.audiences()))
          .append(" algorithms=")
          .append(new java.util.TreeSet<>(policy.algorithms()))
          .append(policy.introspects() ? " introspection" : "")
          .append(policy.dpop() == IssuerPolicy.Dpop.OFF ? "" : " dpop=" + policy.dpop());
    }
    if (verifier.resource() != null) {
      out.append(", resource=").append(verifier.resource());
    }
    if (!defaultRequirement.scopes().isEmpty()) {
      out.append(", required-scopes=").append(defaultRequirement.scopes());
    }
    if (!excludePaths.isEmpty()) {
      out.append(", exclude-paths=").append(excludePaths);
    }
    out.append(", rules=").append(rules.size());
    for (Mounted mounted : endpoints) {
      out.append(", endpoint ").append(mounted.path());
    }
    return out.toString();
  }

  /** Whether {@code auth} has {@code role} under this guard's role mapping. */
  public boolean isUserInRole(Auth auth, String role) {
    return roles.isUserInRole(auth, role);
  }

  /** The mode. */
  public Mode mode() {
    return mode;
  }

  /** The verifier. */
  public TokenVerifier verifier() {
    return verifier;
  }

  /** The role mapping. */
  public RoleMapping roles() {
    return roles;
  }

  /** Builds a {@link Guard}. Not thread-safe. */
  public static final class Builder {
    private final TokenVerifier verifier;
    private Mode mode = Mode.REQUIRED;
    private final Set<String> requiredScopes = new LinkedHashSet<>();
    private final List<PathPattern> excludePaths = new ArrayList<>();
    private final List<RouteRule> rules = new ArrayList<>();
    private ScopeMatcher scopeMatcher = ScopeMatcher.EXACT;
    private RoleMapping roles = RoleMapping.DEFAULT;
    private ErrorRenderer renderer = ErrorRenderer.json();
    private @Nullable String realm;
    private boolean queryToken;
    private boolean formToken;

    /** By the exact path, trailing slash aside, so that one path gets one endpoint. */
    private final Map<String, Mounted> endpoints = new LinkedHashMap<>();

    private final List<Addition> additions = new ArrayList<>();
    private @Nullable String resourceName;
    private @Nullable String resourceDocumentation;
    private @Nullable String resourceMetadataUrl;
    private final Set<String> scopesSupported = new LinkedHashSet<>();
    private @Nullable ForwardedCertificates forwardedCertificates;
    private boolean certificateBoundPaths;

    private Builder(TokenVerifier verifier) {
      this.verifier = Objects.requireNonNull(verifier, "verifier");
    }

    /** The mode; default {@link Mode#REQUIRED}. */
    public Builder mode(Mode mode) {
      this.mode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /** Scopes every protected route needs unless a rule says otherwise (all of them). */
    public Builder requiredScopes(String... scopes) {
      return requiredScopes(Arrays.asList(scopes));
    }

    /** Scopes every protected route needs unless a rule says otherwise (all of them). */
    public Builder requiredScopes(Collection<String> scopes) {
      scopes.forEach(scope -> requiredScopes.add(Scopes.requireScopeToken(scope)));
      return this;
    }

    /**
     * Path patterns that skip authentication, e.g. {@code /health}, {@code /public/*}, {@code
     * /assets/*.css}; {@code /*} and a bare {@code *.ext} are refused.
     */
    public Builder excludePaths(String... patterns) {
      return excludePaths(Arrays.asList(patterns));
    }

    /** Path patterns that skip authentication. */
    public Builder excludePaths(Collection<String> patterns) {
      for (String pattern : patterns) {
        Objects.requireNonNull(pattern, "exclude path");
        if (pattern.equals("*") || pattern.equals("/*")) {
          throw new IllegalArgumentException(
              "exclude-paths must not exempt every path ('"
                  + pattern
                  + "'): use mode=optional for an open application");
        }
        excludePaths.add(PathPattern.parse(pattern));
      }
      return this;
    }

    /** Adds a route rule; rules are tried in the order added, first match wins. */
    public Builder rule(RouteRule rule) {
      rules.add(Objects.requireNonNull(rule, "rule"));
      return this;
    }

    /** How required scopes are matched; default {@link ScopeMatcher#EXACT}. */
    public Builder scopeMatcher(ScopeMatcher matcher) {
      this.scopeMatcher = Objects.requireNonNull(matcher, "scopeMatcher");
      return this;
    }

    /** Where roles come from; default {@link RoleMapping#DEFAULT}. */
    public Builder roles(RoleMapping roles) {
      this.roles = Objects.requireNonNull(roles, "roles");
      return this;
    }

    /** The body renderer; default {@link ErrorRenderer#json()}. */
    public Builder renderer(ErrorRenderer renderer) {
      this.renderer = Objects.requireNonNull(renderer, "renderer");
      return this;
    }

    /** A {@code realm} for the challenge (RFC 6750 §3); default none. */
    public Builder realm(String realm) {
      this.realm = Objects.requireNonNull(realm, "realm");
      return this;
    }

    /**
     * Also accept the token as an {@code access_token} query parameter (RFC 6750 §2.3). Off by
     * default: URIs end up in logs, histories and {@code Referer} headers (RFC 6750 §5.3).
     */
    public Builder acceptQueryToken(boolean accept) {
      this.queryToken = accept;
      return this;
    }

    /**
     * Also accept the token as an {@code access_token} form parameter (RFC 6750 §2.2). Off by
     * default.
     */
    public Builder acceptFormToken(boolean accept) {
      this.formToken = accept;
      return this;
    }

    /**
     * Path patterns (as for exclude-paths) whose protected requests also get an online check: the
     * token's issuer is asked whether the token is still active ({@link Requirement#online()}).
     */
    public Builder onlineCheckPaths(String... patterns) {
      return onlineCheckPaths(Arrays.asList(patterns));
    }

    /** Path patterns whose protected requests also get an online check. */
    public Builder onlineCheckPaths(Collection<String> patterns) {
      return alsoRequire(ONLINE, patterns);
    }

    /**
     * Path patterns (as for exclude-paths) whose protected requests also need {@code requirement},
     * on top of the route rule or default that applies (which still decides whether the request is
     * protected at all): a step-up for an area, {@code
     * alsoRequire(Requirement.acr("urn:example:mfa"), List.of("/admin/*"))}.
     */
    public Builder alsoRequire(Requirement requirement, Collection<String> patterns) {
      Objects.requireNonNull(requirement, "requirement");
      for (String pattern : patterns) {
        additions.add(
            new Addition(PathPattern.parse(Objects.requireNonNull(pattern, "path")), requirement));
      }
      return this;
    }

    /**
     * Behind a proxy that terminates TLS: the client certificate of a certificate-bound token (RFC
     * 8705) is read from the request header {@code header} when the request comes from one of
     * {@code trustedProxies} (IP address literals), and never from anyone else. The header holds
     * the DER certificate as an RFC 9440 byte sequence ({@code :base64:}, as {@code Client-Cert})
     * or URL-encoded PEM (nginx's {@code $ssl_client_escaped_cert}).
     */
    public Builder clientCertificateHeader(String header, Collection<String> trustedProxies) {
      this.forwardedCertificates = new ForwardedCertificates(header, trustedProxies);
      return this;
    }

    /**
     * Path patterns (as for exclude-paths) whose protected requests need a certificate-bound token
     * ({@link Requirement#certificateBound()}).
     */
    public Builder certificateBoundPaths(Collection<String> patterns) {
      certificateBoundPaths = certificateBoundPaths || !patterns.isEmpty();
      return alsoRequire(Requirement.certificateBound(), patterns);
    }

    /**
     * The human-readable {@code resource_name} of the protected-resource metadata (RFC 9728 §2);
     * needs the verifier's resource.
     */
    public Builder resourceName(String name) {
      Objects.requireNonNull(name, "name");
      if (name.isBlank()) {
        throw new IllegalArgumentException("resource name must not be blank");
      }
      this.resourceName = name;
      return this;
    }

    /**
     * The {@code resource_documentation} URL of the metadata: a page for developers using the
     * resource ({@code https}, or {@code http} on loopback).
     */
    public Builder resourceDocumentation(String url) {
      Locations.checkLocation(java.net.URI.create(Objects.requireNonNull(url, "url")), "url");
      this.resourceDocumentation = url;
      return this;
    }

    /**
     * Where clients fetch the metadata, sent as {@code resource_metadata} in every challenge;
     * default the RFC 9728 §3.1 URL of the resource (the well-known suffix between its host and
     * path). Set it when the application does not run at the server's root, to the URL that reaches
     * {@code <context path>/.well-known/oauth-protected-resource}.
     */
    public Builder resourceMetadataUrl(String url) {
      Locations.checkLocation(java.net.URI.create(Objects.requireNonNull(url, "url")), "url");
      this.resourceMetadataUrl = url;
      return this;
    }

    /**
     * Scopes to list in the metadata's {@code scopes_supported} beyond those the default, the rules
     * and the path requirements name (for scopes the application checks itself).
     */
    public Builder scopesSupported(Collection<String> scopes) {
      scopes.forEach(scope -> scopesSupported.add(Scopes.requireScopeToken(scope)));
      return this;
    }

    /**
     * Serves {@code endpoint} at the exact path {@code path} (relative to the context or
     * application, e.g. {@code /backchannel-logout}), before and never behind the bearer check.
     */
    public Builder endpoint(String path, Endpoint endpoint) {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(endpoint, "endpoint");
      PathPattern pattern = PathPattern.parse(path);
      if (!pattern.isExact()) {
        throw new IllegalArgumentException("an endpoint path must be exact: " + path);
      }
      String key = pattern.toString();
      if (key.length() > 1 && key.endsWith("/")) {
        key = key.substring(0, key.length() - 1);
      }
      if (endpoints.putIfAbsent(key, new Mounted(pattern, endpoint)) != null) {
        throw new IllegalArgumentException("two endpoints at " + path);
      }
      return this;
    }

    /** The verifier this builder was made with, for a caller that must release it on failure. */
    TokenVerifier verifier() {
      return verifier;
    }

    /**
     * The guard.
     *
     * @throws IllegalStateException for settings that contradict each other: required scopes in
     *     annotate mode (never enforced), or a route rule that an exclude-path hides entirely
     */
    public Guard build() {
      if (mode == Mode.ANNOTATE && !requiredScopes.isEmpty()) {
        throw new IllegalStateException(
            "required-scopes "
                + requiredScopes
                + " are never enforced with mode=annotate: check scopes in the application, or"
                + " use mode=required");
      }
      boolean online =
          additions.stream().anyMatch(a -> a.requirement().isOnline())
              || rules.stream().anyMatch(r -> r.requirement().isOnline());
      if (online && !verifier.introspects()) {
        throw new IllegalStateException(
            "online checks need an issuer with an introspection endpoint (introspection-uri)");
      }
      List<RouteRule.Compiled> compiled = new ArrayList<>(rules.size());
      for (RouteRule rule : rules) {
        RouteRule.Compiled parsed = rule.compile();
        for (PathPattern exclude : excludePaths) {
          if (exclude.covers(parsed.pattern())) {
            throw new IllegalStateException(
                "route rule "
                    + rule.pattern()
                    + " never applies: exclude-paths "
                    + exclude
                    + " exempts every path it matches");
          }
        }
        for (Requirement.OrganizationCheck check : rule.requirement().organizationChecks()) {
          if (!parsed.pattern().variableNames().contains(check.variable())) {
            throw new IllegalStateException(
                "route rule "
                    + rule.pattern()
                    + " needs an organization from path variable {"
                    + check.variable()
                    + "}, which its pattern does not have");
          }
        }
        compiled.add(parsed);
      }
      mountMetadata(compiled);
      return new Guard(this, List.copyOf(compiled));
    }

    /** Mounts the protected-resource metadata when the verifier names its resource. */
    private void mountMetadata(List<RouteRule.Compiled> compiled) {
      ResourceUri resource = verifier.resourceUri();
      if (resource == null) {
        if (resourceName != null || resourceDocumentation != null || resourceMetadataUrl != null) {
          throw new IllegalStateException(
              "resource-name, resource-documentation and resource-metadata-uri describe the"
                  + " resource's metadata: set the resource");
        }
        return;
      }
      Set<String> scopes = new LinkedHashSet<>(requiredScopes);
      compiled.forEach(rule -> scopes.addAll(rule.rule().requirement().scopes()));
      additions.forEach(addition -> scopes.addAll(addition.requirement().scopes()));
      scopes.addAll(scopesSupported);
      List<String> methods = new ArrayList<>(List.of("header"));
      if (formToken) {
        methods.add("body");
      }
      if (queryToken) {
        methods.add("query");
      }
      List<String> issuers = new ArrayList<>();
      verifier.issuers().forEach(policy -> issuers.add(policy.issuer()));
      Challenge.Schemes schemes = schemes(verifier);
      ResourceMetadata metadata =
          new ResourceMetadata(
              resource.identifier(),
              issuers,
              scopes,
              methods,
              resourceName,
              resourceDocumentation,
              schemes.dpopAlgs(),
              !schemes.bearer(),
              certificateBoundPaths || forwardedCertificates != null);
      endpoint(ResourceUri.WELL_KNOWN, metadata);
      if (!resource.path().isEmpty()) {
        endpoint(ResourceUri.WELL_KNOWN + resource.path(), metadata);
      }
    }
  }
}
