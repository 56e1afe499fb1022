package dev.gatehouse;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Where a token's roles come from, for {@code isUserInRole} and {@code @RolesAllowed}: the first of
 * the claim paths present in the token (default {@code roles}, else {@code groups}), and, when
 * enabled, its scopes. A path is a claim name, or dot-separated names into nested objects ({@code
 * realm_access.roles}, as Keycloak issues); a claim whose full name contains dots (a namespaced
 * claim such as {@code https://example.com/roles}) is matched by its full name first. The claim may
 * be a JSON array of strings or a space-separated string.
 *
 * <p>Immutable and thread-safe.
 */
public final class RoleMapping {
  /** The default: {@code roles}, else {@code groups}; scopes are not roles. */
  public static final RoleMapping DEFAULT = new RoleMapping(List.of("roles", "groups"), false);

  private final List<String> claimPaths;
  private final boolean fromScopes;

  private RoleMapping(List<String> claimPaths, boolean fromScopes) {
    this.claimPaths = claimPaths;
    this.fromScopes = fromScopes;
  }

  /** Roles from the first present of {@code claimPaths}; scopes are not roles. */
  public static RoleMapping claims(String... claimPaths) {
    return claims(Arrays.asList(claimPaths));
  }

  /** Roles from the first present of {@code claimPaths}; scopes are not roles. */
  public static RoleMapping claims(Collection<String> claimPaths) {
    for (String path : claimPaths) {
      Objects.requireNonNull(path, "roles claim");
      if (path.isBlank()) {
        throw new IllegalArgumentException("roles claim must not be blank");
      }
    }
    return new RoleMapping(List.copyOf(claimPaths), false);
  }

  /** This mapping, with every scope also counted as a role when {@code include} is true. */
  public RoleMapping withScopes(boolean include) {
    return new RoleMapping(claimPaths, include);
  }

  /** The claim paths, in order. */
  public List<String> claimPaths() {
    return claimPaths;
  }

  /** Whether scopes count as roles. */
  public boolean fromScopes() {
    return fromScopes;
  }

  /** Whether {@code auth} has {@code role}. */
  public boolean isUserInRole(Auth auth, String role) {
    return roles(auth).contains(role);
  }

  /** Every role of {@code auth}. */
  public Set<String> roles(Auth auth) {
    Set<String> roles = new LinkedHashSet<>();
    for (String path : claimPaths) {
      Object value = find(auth.claims(), path);
      if (value != null) {
        addAll(roles, value);
        break;
      }
    }
    if (fromScopes) {
      roles.addAll(auth.scopes());
    }
    return roles;
  }

  // Trailing dots are dropped, as split(regex) does: "realm_access.roles." finds what
  // "realm_access.roles" finds, and keeping the empty segment would find nothing.
  @SuppressWarnings("StringSplitter")
  private static @Nullable Object find(Map<String, @Nullable Object> claims, String path) {
    if (claims.containsKey(path)) {
      return claims.get(path);
    }
    Object current = claims;
    for (String segment : path.split("\\.")) {
      if (!(current instanceof Map<?, ?> map)) {
        return null;
      }
      current = map.get(segment);
    }
    return current;
  }

  private static void addAll(Set<String> roles, Object value) {
    if (value instanceof String s) {
      for (String role : s.split(" ", -1)) {
        if (!role.isEmpty()) {
          roles.add(role);
        }
      }
    } else if (value instanceof Collection<?> list) {
      for (Object element : list) {
        if (element instanceof String s) {
          roles.add(s);
        }
      }
    }
  }

  @Override
  public String toString() {
    return "RoleMapping" + claimPaths + (fromScopes ? "+scopes" : "");
  }
}
