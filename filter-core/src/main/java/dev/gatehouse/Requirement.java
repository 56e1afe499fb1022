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
  public static final Requirement NONE = new Requirement(false, Set.of());
  /** A valid token (subject to the guard's mode). */
  public static final Requirement AUTHENTICATED = new Requirement(true, Set.of());

  private final boolean authenticate;
  private final Set<String> scopes;

  private Requirement(boolean authenticate, Set<String> scopes) {
    this.authenticate = authenticate;
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
    return copy.isEmpty() ? AUTHENTICATED : new Requirement(true, java.util.Collections.unmodifiableSet(copy));
  }

  /** Whether a token is needed at all. */
  public boolean authenticates() {
    return authenticate;
  }

  /** The scopes needed, all of them; empty for none. */
  public Set<String> scopes() {
    return scopes;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Requirement r && r.authenticate == authenticate && r.scopes.equals(scopes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(authenticate, scopes);
  }

  @Override
  public String toString() {
    return !authenticate ? "none" : scopes.isEmpty() ? "authenticated" : "scopes" + scopes;
  }
}
