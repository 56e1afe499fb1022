package dev.gatehouse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a request must bring: nothing, a valid token, scopes (all of them), roles (one of each
 * group), or nothing will do ({@link #DENIED}). Requirements from several places (route rules, the
 * request's method override, every annotated level of a JAX-RS resource) combine with {@link
 * #and(Requirement)}, so each of them must hold.
 *
 * <p>Immutable and thread-safe.
 */
public final class Requirement {
  /** No authentication: the request passes untouched. */
  public static final Requirement NONE =
      new Requirement(false, false, false, false, Set.of(), List.of());

  /** A valid token (subject to the guard's mode). */
  public static final Requirement AUTHENTICATED =
      new Requirement(true, false, false, false, Set.of(), List.of());

  /**
   * A token is optional, but one that is sent must be valid ({@code @PermitAll} in a protected
   * application): no token passes with no {@code Auth}, an invalid one is refused.
   */
  public static final Requirement OPTIONAL =
      new Requirement(true, true, false, false, Set.of(), List.of());

  /** Nobody may pass ({@code @DenyAll}): 403 whatever the token. */
  public static final Requirement DENIED =
      new Requirement(true, false, true, false, Set.of(), List.of());

  private final boolean authenticate;
  private final boolean optional;
  private final boolean denied;
  private final boolean online;
  private final Set<String> scopes;
  private final List<Set<String>> roleGroups;

  private Requirement(
      boolean authenticate,
      boolean optional,
      boolean denied,
      boolean online,
      Set<String> scopes,
      List<Set<String>> roleGroups) {
    this.authenticate = authenticate;
    this.optional = optional;
    this.denied = denied;
    this.online = online;
    this.scopes = scopes;
    this.roleGroups = roleGroups;
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
        : new Requirement(true, false, false, false, Collections.unmodifiableSet(copy), List.of());
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
        : new Requirement(
            true, false, false, false, Set.of(), List.of(Collections.unmodifiableSet(copy)));
  }

  /**
   * Both this requirement and {@code other}: a token if either needs one (optional only if both are
   * optional or need none), every scope and role group of both, denied if either is.
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
    List<Set<String>> allRoles = new ArrayList<>(roleGroups);
    for (Set<String> group : other.roleGroups) {
      if (!allRoles.contains(group)) {
        allRoles.add(group);
      }
    }
    return new Requirement(
        true,
        optional && other.optional,
        denied || other.denied,
        online || other.online,
        Collections.unmodifiableSet(allScopes),
        List.copyOf(allRoles));
  }

  /**
   * This requirement, and the token's issuer must say, now, that the token is active: a JWT that
   * verifies locally is also sent to the issuer's introspection endpoint (RFC 7662; answers cached
   * as for opaque tokens), for high-value operations where a revocation must count at once.
   */
  public Requirement online() {
    return new Requirement(true, optional, denied, true, scopes, roleGroups);
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

  /** Whether anything beyond a valid token is asked: scopes, roles or denial. */
  boolean asksMoreThanAToken() {
    return denied || online || !scopes.isEmpty() || !roleGroups.isEmpty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Requirement r
        && r.authenticate == authenticate
        && r.optional == optional
        && r.denied == denied
        && r.online == online
        && r.scopes.equals(scopes)
        && r.roleGroups.equals(roleGroups);
  }

  @Override
  public int hashCode() {
    return Objects.hash(authenticate, optional, denied, online, scopes, roleGroups);
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
    return (optional ? "optional " : "")
        + (scopes.isEmpty() ? "" : "scopes" + scopes)
        + (roleGroups.isEmpty() ? "" : "roles" + roleGroups)
        + (online ? " online" : "");
  }
}
