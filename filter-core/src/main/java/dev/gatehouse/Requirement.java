package dev.gatehouse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * What a request must bring: nothing, a valid token, scopes (all of them), roles (one of each
 * group), a recent or strong enough authentication (RFC 9470 step-up: {@link #acr}, {@link
 * #maxAge}), claims ({@link #claimEquals}, {@link #claimIncludes}, {@link #claim}), permissions in
 * an organization ({@link #inOrganization}), no delegation ({@link #notDelegated}), or nothing will
 * do ({@link #DENIED}). Requirements from several places (route rules, the request's method
 * override, every annotated level of a JAX-RS resource) combine with {@link #and(Requirement)}, so
 * each of them must hold:
 *
 * <pre>{@code
 * Requirement payouts = Requirement.scopes("payouts:write")
 *     .and(Requirement.acr("urn:example:mfa"))
 *     .and(Requirement.maxAge(Duration.ofMinutes(5)))
 *     .and(Requirement.claimEquals("email_verified", true));
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class Requirement {
  /** No authentication: the request passes untouched. */
  public static final Requirement NONE = new Requirement(false, false, false, false);

  /** A valid token (subject to the guard's mode). */
  public static final Requirement AUTHENTICATED = new Requirement(true, false, false, false);

  /**
   * A token is optional, but one that is sent must be valid ({@code @PermitAll} in a protected
   * application): no token passes with no {@code Auth}, an invalid one is refused.
   */
  public static final Requirement OPTIONAL = new Requirement(true, true, false, false);

  /** Nobody may pass ({@code @DenyAll}): 403 whatever the token. */
  public static final Requirement DENIED = new Requirement(true, false, true, false);

  private final boolean authenticate;
  private final boolean optional;
  private final boolean denied;
  private final boolean online;
  private final Set<String> scopes;
  private final List<Set<String>> roleGroups;

  /** Accepted {@code acr} values, one of them needed; null for no constraint. */
  private final @Nullable Set<String> acr;

  private final @Nullable Duration maxAge;
  private final List<ClaimCheck> claims;
  private final List<OrganizationCheck> organizations;
  private final boolean notDelegated;
  private final boolean certificateBound;

  private Requirement(boolean authenticate, boolean optional, boolean denied, boolean online) {
    this(
        authenticate,
        optional,
        denied,
        online,
        Set.of(),
        List.of(),
        null,
        null,
        List.of(),
        List.of(),
        false,
        false);
  }

  private Requirement(
      boolean authenticate,
      boolean optional,
      boolean denied,
      boolean online,
      Set<String> scopes,
      List<Set<String>> roleGroups,
      @Nullable Set<String> acr,
      @Nullable Duration maxAge,
      List<ClaimCheck> claims,
      List<OrganizationCheck> organizations,
      boolean notDelegated,
      boolean certificateBound) {
    this.authenticate = authenticate;
    this.optional = optional;
    this.denied = denied;
    this.online = online;
    this.scopes = scopes;
    this.roleGroups = roleGroups;
    this.acr = acr;
    this.maxAge = maxAge;
    this.claims = claims;
    this.organizations = organizations;
    this.notDelegated = notDelegated;
    this.certificateBound = certificateBound;
  }

  /** A copy of a token-needing requirement with one kind of check set. */
  private static Requirement with(
      Set<String> scopes,
      List<Set<String>> roleGroups,
      @Nullable Set<String> acr,
      @Nullable Duration maxAge,
      List<ClaimCheck> claims,
      List<OrganizationCheck> organizations,
      boolean notDelegated) {
    return new Requirement(
        true,
        false,
        false,
        false,
        scopes,
        roleGroups,
        acr,
        maxAge,
        claims,
        organizations,
        notDelegated,
        false);
  }

  /** A valid token that grants every one of {@code scopes}. */
  public static Requirement scopes(String... scopes) {
    return scopes(Arrays.asList(scopes));
  }

  /** A valid token that grants every one of {@code scopes}. */
  public static Requirement scopes(Collection<String> scopes) {
    Set<String> copy = new LinkedHashSet<>();
    for (String scope : scopes) {
      copy.add(Scopes.requireScopeToken(scope));
    }
    return copy.isEmpty()
        ? AUTHENTICATED
        : with(
            Collections.unmodifiableSet(copy), List.of(), null, null, List.of(), List.of(), false);
  }

  /**
   * A valid token whose holder has at least one of {@code roles} ({@code @RolesAllowed}); no role
   * at all is {@link #DENIED}, as JSR 250 reads an empty {@code @RolesAllowed}.
   */
  public static Requirement anyRole(Collection<String> roles) {
    Set<String> copy = new LinkedHashSet<>();
    for (String role : roles) {
      copy.add(Objects.requireNonNull(role, "role"));
    }
    return copy.isEmpty()
        ? DENIED
        : with(
            Set.of(),
            List.of(Collections.unmodifiableSet(copy)),
            null,
            null,
            List.of(),
            List.of(),
            false);
  }

  /**
   * A token whose {@code acr} claim (authentication context class) is one of {@code values} (RFC
   * 9470 §3); otherwise {@code 401 insufficient_user_authentication} with {@code acr_values}, in
   * the order given (most preferred first).
   */
  public static Requirement acr(String... values) {
    return acr(Arrays.asList(values));
  }

  /** A token whose {@code acr} is one of {@code values}. */
  public static Requirement acr(Collection<String> values) {
    Set<String> copy = new LinkedHashSet<>();
    for (String value : values) {
      copy.add(Scopes.requireScopeToken(Objects.requireNonNull(value, "acr value")));
    }
    if (copy.isEmpty()) {
      throw new IllegalArgumentException("acr needs at least one value");
    }
    return with(
        Set.of(), List.of(), Collections.unmodifiableSet(copy), null, List.of(), List.of(), false);
  }

  /**
   * A token whose user authenticated at most {@code maxAge} ago: its {@code auth_time} claim
   * (OpenID Connect Core §2) is present and recent enough (RFC 9470 §3); otherwise {@code 401
   * insufficient_user_authentication} with {@code max_age}.
   */
  public static Requirement maxAge(Duration maxAge) {
    Objects.requireNonNull(maxAge, "maxAge");
    if (maxAge.isNegative() || maxAge.isZero() || maxAge.toNanosPart() != 0) {
      throw new IllegalArgumentException("maxAge must be a positive whole number of seconds");
    }
    return with(Set.of(), List.of(), null, maxAge, List.of(), List.of(), false);
  }

  /**
   * A token whose top-level claim {@code name} equals {@code value}: a string, a boolean, or an
   * integral number (compared as a {@code long}); otherwise {@code 403 insufficient_scope} naming
   * the claim, never its value.
   */
  public static Requirement claimEquals(String name, Object value) {
    Objects.requireNonNull(value, "value");
    if (!(value instanceof String
        || value instanceof Boolean
        || value instanceof Long
        || value instanceof Integer)) {
      throw new IllegalArgumentException(
          "claimEquals compares a String, Boolean, Long or Integer, not " + value.getClass());
    }
    Object expected = value instanceof Integer i ? Long.valueOf(i) : value;
    return claimCheck(
        new ClaimCheck(
            requireClaimName(name), "equals", expected, actual -> matchesValue(actual, expected)));
  }

  /**
   * A token whose claim {@code name} includes {@code value}: a JSON array with that string among
   * its elements, or a space-separated string with it among its words (as {@code scope} is
   * written).
   */
  public static Requirement claimIncludes(String name, String value) {
    Objects.requireNonNull(value, "value");
    return claimCheck(
        new ClaimCheck(
            requireClaimName(name), "includes", value, actual -> includes(actual, value)));
  }

  /**
   * A token whose claim {@code name} is present, of {@code type} (as {@link Auth#claim} converts
   * it), and passes {@code test}. The predicate must be thread-safe and must not throw; one that
   * throws refuses the request.
   */
  public static <T> Requirement claim(String name, Class<T> type, Predicate<? super T> test) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(test, "test");
    return claimCheck(
        new ClaimCheck(
            requireClaimName(name),
            "predicate",
            test,
            actual -> {
              Object converted = Auth.convertClaim(actual, type);
              return converted != null && test.test(type.cast(converted));
            }));
  }

  /**
   * A token whose holder is a member of the organization named by the route's path variable {@code
   * pathVariable} (the {@code {org}} of {@code /orgs/{org}/projects/*}, or a JAX-RS path parameter)
   * and holds every one of {@code scopes} in it ({@code resource:action}, with {@code *} and {@code
   * **} as for {@link ScopeMatcher#HIERARCHICAL}); see {@link Auth#organizations()}. A route that
   * does not bind the variable is refused (403).
   */
  public static Requirement inOrganization(String pathVariable, String... scopes) {
    Objects.requireNonNull(pathVariable, "pathVariable");
    if (!PathPattern.isVariableName(pathVariable)) {
      throw new IllegalArgumentException(
          "a path variable name is letters, digits, '_' and '-': '" + pathVariable + "'");
    }
    Set<String> copy = new LinkedHashSet<>();
    for (String scope : scopes) {
      copy.add(Scopes.requireScopeToken(scope));
    }
    return with(
        Set.of(),
        List.of(),
        null,
        null,
        List.of(),
        List.of(new OrganizationCheck(pathVariable, null, Collections.unmodifiableSet(copy))),
        false);
  }

  /**
   * A token that is not delegated: one with an {@code act} claim (RFC 8693 §4.1, an actor acting
   * for the subject) is refused 403.
   */
  public static Requirement notDelegated() {
    return with(Set.of(), List.of(), null, null, List.of(), List.of(), true);
  }

  /**
   * A certificate-bound token (RFC 8705 §3: {@code cnf["x5t#S256"]}) presented over the TLS
   * connection of that certificate; any other token gets {@code 401 invalid_token}.
   */
  public static Requirement certificateBound() {
    return new Requirement(
        true, false, false, false, Set.of(), List.of(), null, null, List.of(), List.of(), false,
        true);
  }

  private static Requirement claimCheck(ClaimCheck check) {
    return with(Set.of(), List.of(), null, null, List.of(check), List.of(), false);
  }

  private static String requireClaimName(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("a claim name must not be empty");
    }
    return name;
  }

  private static boolean matchesValue(@Nullable Object actual, Object expected) {
    if (actual instanceof Integer i) {
      actual = Long.valueOf(i);
    }
    return expected.equals(actual);
  }

  private static boolean includes(@Nullable Object actual, String value) {
    if (actual instanceof Collection<?> items) {
      return items.contains(value);
    }
    if (actual instanceof String words) {
      for (String word : words.split(" ", -1)) {
        if (word.equals(value)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Both this requirement and {@code other}: a token if either needs one (optional only if both are
   * optional or need none), every scope, role group, claim and organization check of both, the
   * {@code acr} values both accept (none in common denies), the shorter {@code max_age}, denied if
   * either is.
   */
  public Requirement and(Requirement other) {
    Objects.requireNonNull(other, "other");
    if (!other.authenticate || other.equals(this)) {
      return this;
    }
    if (!authenticate) {
      return other;
    }
    Set<String> allScopes = new LinkedHashSet<>(scopes);
    allScopes.addAll(other.scopes);
    Set<String> bothAcr = acr;
    boolean noCommonAcr = false;
    if (other.acr != null) {
      if (acr == null) {
        bothAcr = other.acr;
      } else {
        Set<String> common = new LinkedHashSet<>(acr);
        common.retainAll(other.acr);
        noCommonAcr = common.isEmpty();
        bothAcr = Collections.unmodifiableSet(common);
      }
    }
    Duration shorter =
        maxAge == null || (other.maxAge != null && other.maxAge.compareTo(maxAge) < 0)
            ? other.maxAge
            : maxAge;
    return new Requirement(
        true,
        optional && other.optional,
        denied || other.denied || noCommonAcr,
        online || other.online,
        Collections.unmodifiableSet(allScopes),
        union(roleGroups, other.roleGroups),
        bothAcr,
        shorter,
        union(claims, other.claims),
        union(organizations, other.organizations),
        notDelegated || other.notDelegated,
        certificateBound || other.certificateBound);
  }

  private static <T> List<T> union(List<T> a, List<T> b) {
    if (b.isEmpty()) {
      return a;
    }
    List<T> out = new ArrayList<>(a);
    for (T item : b) {
      if (!out.contains(item)) {
        out.add(item);
      }
    }
    return List.copyOf(out);
  }

  /**
   * This requirement, and the token's issuer must say, now, that the token is active: a JWT that
   * verifies locally is also sent to the issuer's introspection endpoint (RFC 7662; answers cached
   * as for opaque tokens), for high-value operations where a revocation must count at once.
   */
  public Requirement online() {
    return new Requirement(
        true,
        optional,
        denied,
        true,
        scopes,
        roleGroups,
        acr,
        maxAge,
        claims,
        organizations,
        notDelegated,
        certificateBound);
  }

  /**
   * This requirement with its organization checks' path variables bound from {@code variables}
   * (name to decoded value); checks already bound, and variables not in the map, stay as they are.
   */
  Requirement bind(Map<String, String> variables) {
    if (organizations.isEmpty() || variables.isEmpty()) {
      return this;
    }
    List<OrganizationCheck> bound = new ArrayList<>(organizations.size());
    for (OrganizationCheck check : organizations) {
      String value = check.organization() == null ? variables.get(check.variable()) : null;
      bound.add(value == null ? check : check.bound(value));
    }
    return new Requirement(
        authenticate,
        optional,
        denied,
        online,
        scopes,
        roleGroups,
        acr,
        maxAge,
        claims,
        List.copyOf(bound),
        notDelegated,
        certificateBound);
  }

  /** Whether the issuer is asked about the token on every request (within the cache lifetime). */
  public boolean isOnline() {
    return online;
  }

  /** Whether a token is needed at all. */
  public boolean authenticates() {
    return authenticate;
  }

  /** Whether a request without a token passes (a token that is sent must still be valid). */
  public boolean isOptional() {
    return optional;
  }

  /** Whether nobody may pass. */
  public boolean isDenied() {
    return denied;
  }

  /** The scopes needed, all of them; empty for none. */
  public Set<String> scopes() {
    return scopes;
  }

  /** Groups of roles: the token's holder needs at least one role of every group. */
  public List<Set<String>> roleGroups() {
    return roleGroups;
  }

  /** The accepted {@code acr} values, most preferred first; empty when any will do. */
  public Set<String> acrValues() {
    return acr == null ? Set.of() : acr;
  }

  /** The longest time since the user authenticated ({@code auth_time}), or null for any. */
  public @Nullable Duration maxAge() {
    return maxAge;
  }

  /** Whether only a certificate-bound token will do ({@link #certificateBound()}). */
  public boolean needsCertificateBound() {
    return certificateBound;
  }

  /** Whether a delegated token (one with an {@code act} claim) is refused. */
  public boolean refusesDelegation() {
    return notDelegated;
  }

  List<ClaimCheck> claimChecks() {
    return claims;
  }

  List<OrganizationCheck> organizationChecks() {
    return organizations;
  }

  /** Whether anything beyond a valid token is asked. */
  boolean asksMoreThanAToken() {
    return denied
        || online
        || !scopes.isEmpty()
        || !roleGroups.isEmpty()
        || acr != null
        || maxAge != null
        || !claims.isEmpty()
        || !organizations.isEmpty()
        || notDelegated
        || certificateBound;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Requirement r
        && r.authenticate == authenticate
        && r.optional == optional
        && r.denied == denied
        && r.online == online
        && r.notDelegated == notDelegated
        && r.certificateBound == certificateBound
        && r.scopes.equals(scopes)
        && r.roleGroups.equals(roleGroups)
        && Objects.equals(r.acr, acr)
        && Objects.equals(r.maxAge, maxAge)
        && r.claims.equals(claims)
        && r.organizations.equals(organizations);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        authenticate,
        optional,
        denied,
        online,
        scopes,
        roleGroups,
        acr,
        maxAge,
        claims,
        organizations,
        notDelegated,
        certificateBound);
  }

  @Override
  public String toString() {
    if (!authenticate) {
      return "none";
    }
    if (denied) {
      return "denied";
    }
    if (!asksMoreThanAToken()) {
      return optional ? "optional" : "authenticated";
    }
    StringBuilder out = new StringBuilder(optional ? "optional" : "");
    append(out, scopes.isEmpty() ? null : "scopes" + scopes);
    append(out, roleGroups.isEmpty() ? null : "roles" + roleGroups);
    append(out, acr == null ? null : "acr" + acr);
    append(out, maxAge == null ? null : "max_age=" + maxAge.toSeconds());
    append(out, claims.isEmpty() ? null : "claims" + claims);
    append(out, organizations.isEmpty() ? null : "organizations" + organizations);
    append(out, notDelegated ? "not delegated" : null);
    append(out, certificateBound ? "certificate-bound" : null);
    append(out, online ? "online" : null);
    return out.toString();
  }

  private static void append(StringBuilder out, @Nullable String part) {
    if (part != null) {
      out.append(out.length() == 0 ? "" : " ").append(part);
    }
  }

  /**
   * One claim check. Equal when name, kind and expected value are (a predicate is its own value),
   * so the same check from two levels is made once. Written out, not a record: see {@code
   * KeySourceRegistry.Key}.
   */
  static final class ClaimCheck {
    private final String name;
    private final String kind;
    private final Object expected;
    private final Predicate<@Nullable Object> test;

    ClaimCheck(String name, String kind, Object expected, Predicate<@Nullable Object> test) {
      this.name = name;
      this.kind = kind;
      this.expected = expected;
      this.test = test;
    }

    /** The claim's name, which a refusal names (never its value). */
    String name() {
      return name;
    }

    /** Whether {@code auth}'s claim passes; a predicate that throws fails it. */
    boolean passes(Auth auth) {
      try {
        return test.test(auth.claims().get(name));
      } catch (RuntimeException e) {
        return false;
      }
    }

    @Override
    public boolean equals(@Nullable Object o) {
      return o instanceof ClaimCheck c
          && c.name.equals(name)
          && c.kind.equals(kind)
          && c.expected.equals(expected);
    }

    @Override
    public int hashCode() {
      return Objects.hash(name, kind, expected);
    }

    @Override
    public String toString() {
      return name + " " + kind;
    }
  }

  /**
   * Membership and scopes in the organization a path variable names; {@code organization} is null
   * until the route binds the variable. Written out, not a record: see {@code
   * KeySourceRegistry.Key}.
   */
  static final class OrganizationCheck {
    private final String variable;
    private final @Nullable String organization;
    private final Set<String> scopes;

    OrganizationCheck(String variable, @Nullable String organization, Set<String> scopes) {
      this.variable = variable;
      this.organization = organization;
      this.scopes = scopes;
    }

    String variable() {
      return variable;
    }

    @Nullable String organization() {
      return organization;
    }

    Set<String> scopes() {
      return scopes;
    }

    OrganizationCheck bound(String value) {
      return new OrganizationCheck(variable, value, scopes);
    }

    @Override
    public boolean equals(@Nullable Object o) {
      return o instanceof OrganizationCheck c
          && c.variable.equals(variable)
          && Objects.equals(c.organization, organization)
          && c.scopes.equals(scopes);
    }

    @Override
    public int hashCode() {
      return Objects.hash(variable, organization, scopes);
    }

    @Override
    public String toString() {
      return "{" + variable + "}" + scopes;
    }
  }
}
