package dev.gatehouse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The whole per-request decision, shared by every adapter: which requirement applies to a route,
 * whether the token satisfies it, and, if not, the exact refusal to send.
 *
 * {@snippet :
 * Guard guard = Guard.builder(verifier)
 *     .excludePaths("/health", "/public/*")
 *     .rule(new RouteRule("GET", "/books/*", Requirement.scopes("books.read")))
 *     .build();
 * Guard.Decision decision = guard.check("GET", "/books/1", List.of(authorizationHeader));
 * }
 *
 * <p>Precedence, first match wins: (1) CORS preflights pass (the adapter asks {@link
 * #check(Requirement, List)} with {@link Requirement#NONE}); (2) {@code exclude-paths} pass without
 * authentication; (3) route rules, in the order given; (4) otherwise a valid token with the guard's
 * {@code required-scopes}.
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

  /**
   * The outcome for one request.
   *
   * @param auth the verified token, when there is one
   * @param failure why the request is not authenticated or authorized, when it is not
   * @param rejection the response to send instead of calling the application; null to proceed
   */
  public record Decision(
      @Nullable Auth auth, @Nullable AuthFailure failure, @Nullable Rejection rejection) {
    static final Decision PASS = new Decision(null, null, null);

    /** Whether the application is called. */
    public boolean proceeds() {
      return rejection == null;
    }
  }

  private final TokenVerifier verifier;
  private final Mode mode;
  private final Requirement defaultRequirement;
  private final List<String> excludePaths;
  private final List<RouteRule> rules;
  private final ScopeMatcher scopeMatcher;
  private final RoleMapping roles;
  private final ErrorRenderer renderer;
  private final @Nullable String realm;
  private final boolean queryToken;
  private final boolean formToken;

  private Guard(Builder b) {
    this.queryToken = b.queryToken;
    this.formToken = b.formToken;
    this.verifier = b.verifier;
    this.mode = b.mode;
    this.defaultRequirement = Requirement.scopes(b.requiredScopes);
    this.excludePaths = List.copyOf(b.excludePaths);
    this.rules = List.copyOf(b.rules);
    this.scopeMatcher = b.scopeMatcher;
    this.roles = b.roles;
    this.renderer = b.renderer;
    this.realm = b.realm;
  }

  /** A builder around {@code verifier}. */
  public static Builder builder(TokenVerifier verifier) {
    return new Builder(verifier);
  }

  /** The requirement for a request: exclude-paths, then rules in order, then the default. */
  public Requirement requirementFor(String method, String path) {
    for (String pattern : excludePaths) {
      if (PathPattern.matches(pattern, path)) {
        return Requirement.NONE;
      }
    }
    for (RouteRule rule : rules) {
      if (rule.matches(method, path)) {
        return rule.requirement();
      }
    }
    return defaultRequirement;
  }

  /**
   * The decision for a request to {@code method} {@code path} with these {@code Authorization}
   * values.
   */
  public Decision check(String method, String path, List<String> authorizationHeaders) {
    return check(requirementFor(method, path), authorizationHeaders);
  }

  /**
   * The decision for a request that may also carry {@code access_token} parameters; they are used
   * only when this guard {@link #acceptsQueryToken() accepts query} or {@link #acceptsFormToken()
   * form} tokens.
   */
  public Decision check(
      String method,
      String path,
      List<String> authorizationHeaders,
      List<String> queryTokens,
      List<String> formTokens) {
    return check(requirementFor(method, path), authorizationHeaders, queryTokens, formTokens);
  }

  /** The decision for a request that must meet {@code requirement}. */
  public Decision check(Requirement requirement, List<String> authorizationHeaders) {
    return check(requirement, authorizationHeaders, List.of(), List.of());
  }

  private Decision check(
      Requirement requirement,
      List<String> authorizationHeaders,
      List<String> queryTokens,
      List<String> formTokens) {
    if (!requirement.authenticates()) {
      return Decision.PASS;
    }
    Auth auth;
    try {
      auth =
          authenticate(
              authorizationHeaders,
              queryToken ? queryTokens : List.of(),
              formToken ? formTokens : List.of());
    } catch (AuthException e) {
      return refuse(null, e.failure(), requirement);
    }
    return authorize(auth, requirement);
  }

  private Auth authenticate(List<String> headers, List<String> queryTokens, List<String> formTokens)
      throws AuthException {
    if (queryTokens.isEmpty() && formTokens.isEmpty()) {
      return verifier.authenticate(headers);
    }
    BearerToken.Selection selection = BearerToken.select(headers, queryTokens, formTokens);
    String token = selection.parameterToken();
    return token == null ? verifier.authenticate(selection.headerValues()) : verifier.verify(token);
  }

  /** Whether {@code access_token} in the URI query is accepted (RFC 6750 §2.3; off by default). */
  public boolean acceptsQueryToken() {
    return queryToken;
  }

  /** Whether {@code access_token} in a form body is accepted (RFC 6750 §2.2; off by default). */
  public boolean acceptsFormToken() {
    return formToken;
  }

  /** The decision for an already authenticated request that must meet {@code requirement}. */
  public Decision authorize(Auth auth, Requirement requirement) {
    for (String scope : requirement.scopes()) {
      if (!scopeMatcher.grants(auth.scopes(), scope)) {
        AuthFailure failure =
            AuthFailure.of(FailureReason.INSUFFICIENT_SCOPE, "token lacks a required scope");
        return refuse(auth, failure, requirement);
      }
    }
    return new Decision(auth, null, null);
  }

  private Decision refuse(@Nullable Auth auth, AuthFailure failure, Requirement requirement) {
    if (mode == Mode.ANNOTATE) {
      return new Decision(auth, failure, null);
    }
    // Optional mode or route: no token at all is fine where no scope is needed.
    boolean optionalPass =
        (mode == Mode.OPTIONAL || requirement.isOptional())
            && failure.reason() == FailureReason.MISSING_TOKEN
            && requirement.scopes().isEmpty();
    if (optionalPass) {
      return new Decision(null, failure, null);
    }
    return new Decision(auth, failure, rejection(failure, requirement.scopes()));
  }

  /**
   * The response for {@code failure}; {@code scopes} fills the {@code scope} parameter of a 403.
   */
  public Rejection rejection(AuthFailure failure, Set<String> scopes) {
    Map<String, String> headers = new LinkedHashMap<>();
    String challenge = Challenge.of(failure, realm, scopes);
    if (challenge != null) {
      headers.put("WWW-Authenticate", challenge);
    }
    if (failure.retryAfter() != null) {
      long seconds = Math.max(1, (failure.retryAfter().toMillis() + 999) / 1000);
      headers.put("Retry-After", Long.toString(seconds));
    }
    ErrorBody body;
    try {
      body = renderer.render(failure);
    } catch (RuntimeException e) {
      body = ErrorRenderer.json().render(failure);
    }
    return new Rejection(failure.reason().status(), headers, body);
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

  /** The scope matcher used for requirements. */
  public ScopeMatcher scopeMatcher() {
    return scopeMatcher;
  }

  /** Whether a request is a CORS preflight (Fetch standard §4.8), which passes unauthenticated. */
  public static boolean isCorsPreflight(
      String method, @Nullable String origin, @Nullable String requestMethod) {
    return "OPTIONS".equals(method) && origin != null && requestMethod != null;
  }

  /** Builds a {@link Guard}. Not thread-safe. */
  public static final class Builder {
    private final TokenVerifier verifier;
    private Mode mode = Mode.REQUIRED;
    private final Set<String> requiredScopes = new LinkedHashSet<>();
    private final List<String> excludePaths = new ArrayList<>();
    private final List<RouteRule> rules = new ArrayList<>();
    private ScopeMatcher scopeMatcher = ScopeMatcher.EXACT;
    private RoleMapping roles = RoleMapping.DEFAULT;
    private ErrorRenderer renderer = ErrorRenderer.json();
    private @Nullable String realm;
    private boolean queryToken;
    private boolean formToken;

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

    /** Path patterns that skip authentication, e.g. {@code /health}, {@code /public/*}. */
    public Builder excludePaths(String... patterns) {
      return excludePaths(Arrays.asList(patterns));
    }

    /** Path patterns that skip authentication. */
    public Builder excludePaths(Collection<String> patterns) {
      for (String pattern : patterns) {
        PathPattern.validate(Objects.requireNonNull(pattern, "exclude path"));
        excludePaths.add(pattern);
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

    /** The guard. */
    public Guard build() {
      return new Guard(this);
    }
  }
}
