package dev.gatehouse;

import java.security.Principal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A verified access token: who it names, who issued it, for whom, with which scopes, until when.
 *
 * <p>Adapters put it at {@link #REQUEST_ATTRIBUTE}, and it is the request's user principal:
 *
 * <pre>{@code
 * Auth auth = (Auth) request.getAttribute(Auth.REQUEST_ATTRIBUTE);
 * if (auth.hasScope("books.read")) { ... }
 * }</pre>
 *
 * <p>Immutable and thread-safe: every collection, nested claim values included, is an unmodifiable
 * copy.
 *
 * @param subject the {@code sub} claim (RFC 7519 §4.1.2); also {@link #getName()}
 * @param issuer the {@code iss} claim, exactly as in the token
 * @param audiences the {@code aud} claim as a list (a single string becomes one element)
 * @param scopes the space-separated {@code scope} claim (RFC 8693 §4.2), else the {@code scp} array
 * @param expiresAt the {@code exp} claim
 * @param issuedAt the {@code iat} claim, if present
 * @param tokenId the {@code jti} claim, if present
 * @param claims every claim of the token
 */
// The Javadoc names the scope claim, which InvalidParam takes for a misspelt "scopes".
@SuppressWarnings("InvalidParam")
public record Auth(
    String subject,
    String issuer,
    List<String> audiences,
    Set<String> scopes,
    Instant expiresAt,
    @Nullable Instant issuedAt,
    @Nullable String tokenId,
    Map<String, @Nullable Object> claims)
    implements Principal {

  /** The request attribute (servlet) or property (JAX-RS) that holds the verified {@code Auth}. */
  public static final String REQUEST_ATTRIBUTE = "dev.gatehouse.auth";

  public Auth {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(expiresAt, "expiresAt");
    audiences = List.copyOf(audiences);
    scopes = Frozen.is(scopes) ? scopes : Collections.unmodifiableSet(new LinkedHashSet<>(scopes));
    claims = freezeMap(claims);
  }

  /** The subject: {@code sub}. */
  @Override
  public String getName() {
    return subject;
  }

  /**
   * The claim {@code name} if present and of {@code type}. JSON numbers convert to {@code Long},
   * {@code Integer} or {@code Double} when the value fits exactly; nested objects are {@code Map}s
   * and arrays are {@code List}s.
   */
  public <T> Optional<T> claim(String name, Class<T> type) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    return Optional.ofNullable(type.cast(convertClaim(claims.get(name), type)));
  }

  /** A claim value as {@code type}, as {@link #claim} converts it, or null. */
  static @Nullable Object convertClaim(@Nullable Object value, Class<?> type) {
    if (type.isInstance(value)) {
      return value;
    }
    if (value instanceof Number number) {
      return convert(number, type).orElse(null);
    }
    return null;
  }

  /**
   * One organization the token's holder belongs to, from the {@code organizations} claim.
   *
   * @param id the organization's {@code id}
   * @param scopes its {@code scopes}: a JSON array, or a space-separated string
   * @param claims every member of the organization's object, {@code id} and {@code scopes} included
   */
  public record Organization(String id, Set<String> scopes, Map<String, @Nullable Object> claims) {
    public Organization {
      Objects.requireNonNull(id, "id");
      scopes =
          Frozen.is(scopes) ? scopes : Collections.unmodifiableSet(new LinkedHashSet<>(scopes));
      claims = freezeMap(claims);
    }

    /**
     * Whether this organization grants {@code scope} ({@code resource:action}), with {@code *} and
     * {@code **} as {@link ScopeMatcher#HIERARCHICAL} reads them.
     */
    public boolean grants(String scope) {
      return ScopeMatcher.HIERARCHICAL.grants(scopes, Objects.requireNonNull(scope, "scope"));
    }

    // Written out: see KeySourceRegistry.Key (the JDK's record bootstrap keeps a class loader).
    @Override
    public boolean equals(@Nullable Object o) {
      return o instanceof Organization other
          && id.equals(other.id)
          && scopes.equals(other.scopes)
          && claims.equals(other.claims);
    }

    @Override
    public int hashCode() {
      return Objects.hash(id, scopes, claims);
    }

    @Override
    public String toString() {
      return "Organization[id=" + id + "]";
    }
  }

  /**
   * The organizations of the {@code organizations} claim: an array of objects, each with a string
   * {@code id} and its {@code scopes}; entries without an {@code id} are skipped, a repeated {@code
   * id} counts once (its first entry). Empty when the claim is absent or not an array.
   */
  public List<Organization> organizations() {
    if (!(claims.get("organizations") instanceof List<?> entries)) {
      return List.of();
    }
    List<Organization> out = new ArrayList<>(entries.size());
    Set<String> seen = new LinkedHashSet<>();
    for (Object entry : entries) {
      if (entry instanceof Map<?, ?> object
          && object.get("id") instanceof String id
          && !id.isEmpty()
          && seen.add(id)) {
        @SuppressWarnings("unchecked")
        Map<String, @Nullable Object> members = (Map<String, @Nullable Object>) object;
        out.add(new Organization(id, Scopes.parse(object.get("scopes")), members));
      }
    }
    return List.copyOf(out);
  }

  /** The organization {@code id} of {@link #organizations()}, if the holder belongs to it. */
  public Optional<Organization> organization(String id) {
    Map<?, ?> entry = organizationEntry(id);
    if (entry == null) {
      return Optional.empty();
    }
    @SuppressWarnings("unchecked")
    Map<String, @Nullable Object> members = (Map<String, @Nullable Object>) entry;
    return Optional.of(new Organization(id, Scopes.parse(entry.get("scopes")), members));
  }

  /** The first entry of the {@code organizations} claim whose {@code id} is {@code id}, or null. */
  private @Nullable Map<?, ?> organizationEntry(String id) {
    Objects.requireNonNull(id, "id");
    if (id.isEmpty() || !(claims.get("organizations") instanceof List<?> entries)) {
      return null;
    }
    for (int i = 0; i < entries.size(); i++) {
      if (entries.get(i) instanceof Map<?, ?> object && id.equals(object.get("id"))) {
        return object;
      }
    }
    return null;
  }

  /** Whether the token's holder belongs to organization {@code id}. */
  public boolean isMemberOf(String id) {
    return organizationEntry(id) != null;
  }

  /**
   * Whether the token's holder may do {@code scope} ({@code resource:action}, e.g. {@code
   * projects:write}) in organization {@code id}: a member whose scopes there grant it, with {@code
   * *} and {@code **} as {@link ScopeMatcher#HIERARCHICAL} reads them.
   */
  public boolean hasAccessIn(String id, String scope) {
    Objects.requireNonNull(scope, "scope");
    Map<?, ?> entry = organizationEntry(id);
    return entry != null
        && ScopeMatcher.HIERARCHICAL.grants(Scopes.parse(entry.get("scopes")), scope);
  }

  /**
   * The actors of a delegated token (RFC 8693 §4.1 {@code act}), the current actor first, then the
   * actors before it (nested {@code act} claims), each by its {@code sub} (empty when an actor has
   * none); empty for a token that is not delegated.
   */
  public List<String> actors() {
    List<String> out = new ArrayList<>();
    Object act = claims.get("act");
    while (act != null) {
      if (!(act instanceof Map<?, ?> actor)) {
        out.add("");
        break;
      }
      out.add(actor.get("sub") instanceof String sub ? sub : "");
      act = actor.get("act");
    }
    return List.copyOf(out);
  }

  /** Whether the token is delegated: it carries an {@code act} claim (RFC 8693 §4.1). */
  public boolean isDelegated() {
    return claims.get("act") != null;
  }

  /** Whether the token grants exactly {@code scope}. */
  public boolean hasScope(String scope) {
    return scopes.contains(Objects.requireNonNull(scope, "scope"));
  }

  /** Whether the token grants {@code scope} under {@code matcher}'s rules. */
  public boolean hasScope(String scope, ScopeMatcher matcher) {
    return matcher.grants(scopes, Objects.requireNonNull(scope, "scope"));
  }

  /** Whether the token grants every one of {@code required} (exact match); true when empty. */
  public boolean hasAllScopes(String... required) {
    return hasAllScopes(List.of(required));
  }

  /** Whether the token grants every one of {@code required} (exact match); true when empty. */
  public boolean hasAllScopes(Collection<String> required) {
    return scopes.containsAll(required);
  }

  /** Whether the token grants at least one of {@code candidates} (exact match). */
  public boolean hasAnyScope(String... candidates) {
    for (String candidate : candidates) {
      if (hasScope(candidate)) {
        return true;
      }
    }
    return false;
  }

  private static <T> Optional<T> convert(Number number, Class<T> type) {
    Object converted = null;
    if (type == Long.class && (number instanceof Long || number instanceof Integer)) {
      converted = number.longValue();
    } else if (type == Integer.class
        && (number instanceof Long || number instanceof Integer)
        && number.longValue() == number.intValue()) {
      converted = number.intValue();
    } else if (type == Double.class) {
      converted = number.doubleValue();
    }
    return Optional.ofNullable(type.cast(converted));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, @Nullable Object> freezeMap(
      Map<String, ? extends @Nullable Object> map) {
    if (Frozen.is(map)) {
      // Read as JSON by Gatehouse: read-only all the way down, and referred to by nothing else.
      return (Map<String, @Nullable Object>) map;
    }
    Map<String, @Nullable Object> copy = new LinkedHashMap<>();
    map.forEach((key, value) -> copy.put(Objects.requireNonNull(key, "claim name"), freeze(value)));
    return Collections.unmodifiableMap(copy);
  }

  @SuppressWarnings("unchecked")
  private static @Nullable Object freeze(@Nullable Object value) {
    if (Frozen.is(value)) {
      return value;
    }
    if (value instanceof Map<?, ?> map) {
      return freezeMap((Map<String, ?>) map);
    }
    if (value instanceof Collection<?> list) {
      List<@Nullable Object> copy = new ArrayList<>(list.size());
      list.forEach(element -> copy.add(freeze(element)));
      return Collections.unmodifiableList(copy);
    }
    return value;
  }

  /**
   * Subject, issuer and expiry only: applications log principals, and claims (e-mail addresses,
   * custom data) must not end up in their logs.
   */
  @Override
  public String toString() {
    return "Auth[subject=" + subject + ", issuer=" + issuer + ", expiresAt=" + expiresAt + "]";
  }
}
