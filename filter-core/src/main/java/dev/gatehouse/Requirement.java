package dev.gatehouse;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * What a route demands: nothing, a valid token, or a valid token with scopes (all of them).
 *
 * <p>Immutable and thread-safe.
 */
public final class Requirement {
  /** No authentication: the request passes untouched. */
  public static final Requirement NONE = new Requirement(false, false, Set.of());

  /** A valid token (subject to the guard's mode). */
  public static final Requirement AUTHENTICATED = new Requirement(true, false, Set.of());

  /**
   * A token is optional, but one that is sent must be valid ({@code @PermitAll} in a protected
   * application): no token passes with no {@code Auth}, an invalid one is refused.
   */
  public static final Requirement OPTIONAL = new Requirement(true, true, Set.of());

  private final boolean authenticate;
  private final boolean optional;
  private final Set<String> scopes;

  private Requirement(boolean authenticate, boolean optional, Set<String> scopes) {
    this.authenticate = authenticate;
    this.optional = optional;
    this.scopes = scopes;
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
        : new Requirement(true, false, java.util.Collections.unmodifiableSet(copy));
  }

  /** Whether a token is needed at all. */
  public boolean authenticates() {
    return authenticate;
  }

  /** Whether a request without a token passes (a token that is sent must still be valid). */
  public boolean isOptional() {
    return optional;
  }

  /** The scopes needed, all of them; empty for none. */
  public Set<String> scopes() {
    return scopes;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Requirement r
        && r.authenticate == authenticate
        && r.optional == optional
        && r.scopes.equals(scopes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(authenticate, optional, scopes);
  }

  @Override
  public String toString() {
    return !authenticate
        ? "none"
        : optional ? "optional" : scopes.isEmpty() ? "authenticated" : "scopes" + scopes;
  }
}
