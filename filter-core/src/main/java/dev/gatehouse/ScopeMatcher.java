package dev.gatehouse;

import java.util.Set;

/**
 * Decides whether a token's granted scopes satisfy one required scope.
 *
 * <p>{@link #EXACT} is the default everywhere. {@link #HIERARCHICAL} reads scopes of the form
 * {@code resource[.sub...]:action} with wildcards in the granted scope:
 *
 * <table>
 *   <caption>Hierarchical grants</caption>
 *   <tr><th>granted</th><th>grants</th><th>does not grant</th></tr>
 *   <tr><td>{@code users:read}</td><td>{@code users:read}</td><td>{@code users:write}, {@code users.x:read}</td></tr>
 *   <tr><td>{@code users:*}</td><td>every action on {@code users}</td><td>{@code users.x:read}</td></tr>
 *   <tr><td>{@code users:**}</td><td>every action on {@code users} and every sub-resource</td><td>{@code usersx:read}</td></tr>
 *   <tr><td>{@code *:read}</td><td>{@code read} on every top-level resource</td><td>{@code users.x:read}, {@code users:write}</td></tr>
 *   <tr><td>{@code *:**}</td><td>every {@code resource:action} scope</td><td>plain scopes such as {@code admin}</td></tr>
 * </table>
 *
 * <p>Plain scopes without a colon ({@code owner}, {@code admin}) only ever match exactly.
 *
 * <p>Implementations must be immutable and thread-safe.
 */
@FunctionalInterface
public interface ScopeMatcher {
  /** Exact string comparison (RFC 6749 §3.3: scope tokens are case-sensitive). */
  ScopeMatcher EXACT = (granted, required) -> granted.contains(required);

  /** The {@code resource:action} hierarchy described above. */
  ScopeMatcher HIERARCHICAL = HierarchicalScopes::grants;

  /** Whether {@code granted} satisfies {@code required}. */
  boolean grants(Set<String> granted, String required);
}
