package dev.gatehouse;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Builds a {@link Guard} from string settings, so that {@code web.xml} init-params and JAX-RS
 * properties share one set of names and one parser. The names are listed in the README's
 * configuration table.
 *
 * <p>Several issuers: settings suffixed {@code .1}, {@code .2}, ... describe issuer 1, 2, ...
 * ({@code issuer.1}, {@code jwks-uri.1}, {@code audience.1}); an issuer setting without a suffix
 * applies to every issuer that does not set its own.
 *
 * <p>Stateless and thread-safe.
 */
public final class Settings {
  /** Names of per-issuer settings. */
  static final Set<String> ISSUER_NAMES =
      Set.of(
          "issuer",
          "audience",
          "jwks-uri",
          "jwks-path",
          "algorithms",
          "leeway-seconds",
          "jwks-ttl-seconds",
          "jwks-refresh-cooldown-seconds",
          "jwks-max-stale-seconds",
          "jwks-timeout-millis",
          "require-at-jwt",
          "max-token-lifetime-seconds");

  /** Names of settings for the verifier and the guard. */
  static final Set<String> GLOBAL_NAMES =
      Set.of(
          "token-cache-size",
          "token-cache-max-seconds",
          "signature-provider",
          "mode",
          "required-scopes",
          "exclude-paths",
          "roles-claim",
          "roles-from-scopes",
          "scope-matching",
          "realm",
          "error-format",
          "allow-query-token",
          "allow-form-token");

  private static final Pattern NUMBERED = Pattern.compile("([a-z-]+)\\.([1-9][0-9]?)");

  /** Settings that belong to one issuer only and are never shared as defaults. */
  private static final Set<String> OWN = Set.of("issuer", "jwks-uri", "jwks-path");

  private Settings() {}

  /** Whether {@code name} is one of the setting names, with or without an issuer number. */
  public static boolean isSettingName(String name) {
    Matcher numbered = NUMBERED.matcher(name);
    return GLOBAL_NAMES.contains(name)
        || ISSUER_NAMES.contains(name)
        || (numbered.matches() && ISSUER_NAMES.contains(numbered.group(1)));
  }

  /**
   * The guard these settings describe.
   *
   * @throws IllegalArgumentException naming the setting that is missing, unknown or invalid
   */
  public static Guard guard(Map<String, String> settings) {
    for (String name : settings.keySet()) {
      if (!isSettingName(name)) {
        throw new IllegalArgumentException("unknown setting: " + name);
      }
    }
    Reader read = new Reader(settings);
    TokenVerifier.Builder verifier = TokenVerifier.builder();
    for (IssuerPolicy policy : issuers(read)) {
      verifier.issuer(policy);
    }
    Integer cacheSize = read.integer("token-cache-size", 0, 10_000_000);
    if (cacheSize != null) {
      verifier.tokenCacheSize(cacheSize);
    }
    Duration cacheMax = read.seconds("token-cache-max-seconds");
    if (cacheMax != null) {
      verifier.tokenCacheMaxAge(cacheMax);
    }
    String provider = read.string("signature-provider");
    if (provider != null) {
      read.apply("signature-provider", () -> verifier.signatureProvider(provider));
    }
    Guard.Builder guard = Guard.builder(verifier.build());
    String mode = read.string("mode");
    if (mode != null) {
      guard.mode(read.choice("mode", mode, Guard.Mode.class));
    }
    read.apply(
        "required-scopes",
        () -> guard.requiredScopes(Scopes.split(read.string("required-scopes"))));
    read.apply("exclude-paths", () -> guard.excludePaths(paths(read.string("exclude-paths"))));
    RoleMapping roles = RoleMapping.DEFAULT;
    String rolesClaim = read.string("roles-claim");
    if (rolesClaim != null) {
      roles = RoleMapping.claims(Scopes.split(rolesClaim));
    }
    guard.roles(roles.withScopes(read.bool("roles-from-scopes")));
    String matching = read.string("scope-matching");
    if (matching != null) {
      guard.scopeMatcher(
          read.choice("scope-matching", matching, Matching.class) == Matching.HIERARCHICAL
              ? ScopeMatcher.HIERARCHICAL
              : ScopeMatcher.EXACT);
    }
    String format = read.string("error-format");
    if (format != null) {
      guard.renderer(
          read.choice("error-format", format, Format.class) == Format.PROBLEM
              ? ErrorRenderer.problemJson()
              : ErrorRenderer.json());
    }
    guard.acceptQueryToken(read.bool("allow-query-token"));
    guard.acceptFormToken(read.bool("allow-form-token"));
    String realm = read.string("realm");
    if (realm != null) {
      guard.realm(realm);
    }
    return guard.build();
  }

  private enum Matching {
    EXACT,
    HIERARCHICAL
  }

  private enum Format {
    JSON,
    PROBLEM
  }

  private static List<IssuerPolicy> issuers(Reader read) {
    List<IssuerPolicy> out = new ArrayList<>();
    Set<Integer> numbers = new TreeSet<>();
    for (String name : read.settings.keySet()) {
      Matcher m = NUMBERED.matcher(name);
      if (m.matches()) {
        numbers.add(Integer.parseInt(m.group(2)));
      }
    }
    if (read.string("issuer") != null) {
      out.add(issuer(read, ""));
    }
    for (int n : numbers) {
      out.add(issuer(read, "." + n));
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("missing setting: issuer");
    }
    return out;
  }

  private static IssuerPolicy issuer(Reader all, String suffix) {
    Reader read = all.forIssuer(suffix);
    String issuer = read.string("issuer");
    if (issuer == null) {
      throw new IllegalArgumentException("missing setting: issuer" + suffix);
    }
    IssuerPolicy.Builder b = read.apply("issuer", () -> IssuerPolicy.builder(issuer));
    String audience = read.string("audience");
    if (audience == null) {
      throw new IllegalArgumentException(
          "missing setting: audience"
              + suffix
              + " (RFC 9068 §4: the audience must be checked; audience=* accepts any)");
    }
    List<String> audiences = Scopes.split(audience);
    if (audiences.equals(List.of("*"))) {
      b.anyAudience();
    } else {
      read.apply("audience", () -> b.audiences(audiences));
    }
    String jwksUri = read.string("jwks-uri");
    if (jwksUri != null) {
      read.apply("jwks-uri", () -> b.jwksUri(URI.create(jwksUri)));
    }
    String jwksPath = read.string("jwks-path");
    if (jwksPath != null) {
      read.apply("jwks-path", () -> b.jwksPath(jwksPath));
    }
    String algorithms = read.string("algorithms");
    if (algorithms != null) {
      read.apply("algorithms", () -> b.algorithms(Scopes.split(algorithms)));
    }
    Duration leeway = read.seconds("leeway-seconds", true);
    if (leeway != null) {
      read.apply("leeway-seconds", () -> b.leeway(leeway));
    }
    Duration ttl = read.seconds("jwks-ttl-seconds");
    if (ttl != null) {
      b.jwksTtl(ttl);
    }
    Duration cooldown = read.seconds("jwks-refresh-cooldown-seconds", true);
    if (cooldown != null) {
      b.jwksRefreshCooldown(cooldown);
    }
    Duration maxStale = read.seconds("jwks-max-stale-seconds", true);
    if (maxStale != null) {
      b.jwksMaxStale(maxStale);
    }
    Integer timeout = read.integer("jwks-timeout-millis", 1, 600_000);
    if (timeout != null) {
      b.jwksTimeout(Duration.ofMillis(timeout));
    }
    b.requireAccessTokenType(read.bool("require-at-jwt"));
    Duration maxLifetime = read.seconds("max-token-lifetime-seconds");
    if (maxLifetime != null) {
      b.maxTokenLifetime(maxLifetime);
    }
    return read.apply("issuer" + suffix, b::build);
  }

  /** Typed reads that name the setting in every error. */
  private static final class Reader {
    final Map<String, String> settings;
    private final String suffix;

    Reader(Map<String, String> settings) {
      this(settings, "");
    }

    private Reader(Map<String, String> settings, String suffix) {
      this.settings = settings;
      this.suffix = suffix;
    }

    Reader forIssuer(String suffix) {
      return new Reader(settings, suffix);
    }

    @Nullable String string(String name) {
      String value = settings.get(name + suffix);
      if (value == null && !suffix.isEmpty() && !OWN.contains(name)) {
        value = settings.get(name);
      }
      if (value == null) {
        return null;
      }
      String trimmed = value.trim();
      return trimmed.isEmpty() ? null : trimmed;
    }

    boolean bool(String name) {
      String value = string(name);
      if (value == null || value.equalsIgnoreCase("false")) {
        return false;
      }
      if (value.equalsIgnoreCase("true")) {
        return true;
      }
      throw new IllegalArgumentException(name + suffix + " must be true or false: " + value);
    }

    @Nullable Integer integer(String name, int min, int max) {
      String value = string(name);
      if (value == null) {
        return null;
      }
      try {
        int n = Integer.parseInt(value);
        if (n >= min && n <= max) {
          return n;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new IllegalArgumentException(
          name + suffix + " must be an integer from " + min + " to " + max + ": " + value);
    }

    @Nullable Duration seconds(String name) {
      return seconds(name, false);
    }

    @Nullable Duration seconds(String name, boolean zeroAllowed) {
      Integer n = integer(name, zeroAllowed ? 0 : 1, Integer.MAX_VALUE);
      return n == null ? null : Duration.ofSeconds(n);
    }

    <E extends Enum<E>> E choice(String name, String value, Class<E> type) {
      try {
        return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        List<String> allowed = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
          allowed.add(constant.name().toLowerCase(Locale.ROOT));
        }
        throw new IllegalArgumentException(name + " must be one of " + allowed + ": " + value);
      }
    }

    <T> T apply(String name, java.util.function.Supplier<T> action) {
      try {
        return action.get();
      } catch (IllegalArgumentException | IllegalStateException e) {
        if (e.getMessage() != null && e.getMessage().startsWith(name)) {
          throw e;
        }
        throw new IllegalArgumentException(name + suffix + ": " + e.getMessage(), e);
      }
    }

    void apply(String name, Runnable action) {
      apply(
          name,
          () -> {
            action.run();
            return null;
          });
    }
  }

  /**
   * Path patterns separated by commas only: whitespace inside a pattern is refused by the matcher,
   * so a stray space can never split {@code "/public /*"} into a pattern that opens everything.
   */
  static List<String> paths(@Nullable String value) {
    List<String> out = new ArrayList<>();
    if (value == null) {
      return out;
    }
    for (String item : value.split(",", -1)) {
      String pattern = item.strip();
      if (!pattern.isEmpty()) {
        out.add(pattern);
      }
    }
    return out;
  }
}
