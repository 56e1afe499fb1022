package dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.testkit.MockIssuer;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 12's one settings table: every row read with a valid value, refused with an invalid one
 * (the message naming it), and, for issuer settings, inherited by a numbered issuer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class SettingsTableTest {
  /** A valid and an invalid value per setting; null where no value is invalid. */
  private record Sample(String valid, @Nullable String invalid) {}

  /** Stands for the mock issuer's identifier, known only once it runs. */
  private static final String ISSUER = "(the issuer)";

  private static final Map<String, Sample> SAMPLES =
      Map.ofEntries(
          Map.entry("issuer", new Sample("https://idp.example.com", "https://idp.example.com/?q")),
          Map.entry("audience", new Sample("api, other", null)),
          Map.entry("jwks-uri", new Sample("https://idp.example.com/jwks", "http://idp.example/j")),
          Map.entry("jwks-path", new Sample("/jwks", "jwks")),
          Map.entry("algorithms", new Sample("ES256, RS256", "HS256")),
          Map.entry("leeway-seconds", new Sample("10", "soon")),
          Map.entry("require-at-jwt", new Sample("true", "yes")),
          Map.entry("allow-id-tokens", new Sample("true", "maybe")),
          Map.entry("max-token-lifetime-seconds", new Sample("3600", "0")),
          Map.entry("jwks-ttl-seconds", new Sample("600", "0")),
          Map.entry("jwks-refresh-cooldown-seconds", new Sample("10", "-1")),
          Map.entry("jwks-max-stale-seconds", new Sample("60", "x")),
          Map.entry("jwks-timeout-millis", new Sample("2000", "0")),
          Map.entry("token-cache-size", new Sample("100", "-1")),
          Map.entry("token-cache-max-seconds", new Sample("60", "0")),
          Map.entry("token-cache-max-mib", new Sample("8", "0")),
          Map.entry("signature-provider", new Sample("jdk", "NoSuchProvider")),
          Map.entry("mode", new Sample("optional", "lenient")),
          Map.entry("required-scopes", new Sample("a b", "bad\"scope")),
          Map.entry("exclude-paths", new Sample("/health, /public/*", "*.css")),
          Map.entry("roles-claim", new Sample("groups", null)),
          Map.entry("online-check-paths", new Sample("/admin/*", "*.css")),
          Map.entry("roles-from-scopes", new Sample("true", "nah")),
          Map.entry("scope-matching", new Sample("hierarchical", "fuzzy")),
          Map.entry("realm", new Sample("books", null)),
          Map.entry("error-format", new Sample("problem", "xml")),
          Map.entry("allow-query-token", new Sample("true", "1")),
          Map.entry("allow-form-token", new Sample("true", "0")),
          Map.entry("backchannel-logout-path", new Sample("/backchannel-logout", "logout")),
          Map.entry("backchannel-logout-audience", new Sample("web, mobile", null)),
          Map.entry("backchannel-logout-max-age-seconds", new Sample("60", "0")),
          Map.entry("feed-max-body-bytes", new Sample("4096", "10")),
          Map.entry("ssf-receiver-path", new Sample("/ssf/events", "ssf")),
          Map.entry("ssf-audience", new Sample("https://api.example.com", null)),
          Map.entry("ssf-transmitters", new Sample(ISSUER, "https://elsewhere.example")),
          Map.entry("ssf-max-age-seconds", new Sample("60", "0")),
          Map.entry(
              "introspection-uri",
              new Sample("https://idp.example.com/introspect", "http://idp.example/introspect")),
          Map.entry("introspection-client-id", new Sample("rs", null)),
          Map.entry("introspection-client-secret", new Sample("s3cret", null)),
          Map.entry(
              "introspection-client-secret-env", new Sample("PATH", "GATEHOUSE_NO_SUCH_VARIABLE")),
          Map.entry(
              "introspection-client-auth", new Sample("client_secret_post", "private_key_jwt")),
          Map.entry("introspection-cache-max-seconds", new Sample("30", "0")),
          Map.entry("introspect-jwts", new Sample("true", "always")),
          Map.entry("introspection-inactive-cache-seconds", new Sample("5", "0")),
          Map.entry("revocation-replica-uri", new Sample("redis://127.0.0.1:1", "redis://:pw@")),
          Map.entry("revocation-max-staleness-seconds", new Sample("5", "0")),
          Map.entry("resource", new Sample("https://api.example.com/mcp", "https://a.example/#f")),
          Map.entry("resource-name", new Sample("Books API", null)),
          Map.entry("resource-documentation", new Sample("https://docs.example.com", "ftp://d")),
          Map.entry(
              "resource-metadata-uri",
              new Sample("https://api.example.com/app/.well-known/oauth-protected-resource", "x:")),
          Map.entry("resource-scopes", new Sample("books.read admin", "bad\"scope")),
          Map.entry("step-up-paths", new Sample("/admin/*", "*.css")),
          Map.entry("step-up-acr-values", new Sample("urn:example:mfa, phr", "bad\"acr")),
          Map.entry("step-up-max-age-seconds", new Sample("300", "0")),
          Map.entry("dpop", new Sample("require", "maybe")),
          Map.entry("dpop-algorithms", new Sample("ES256, EdDSA", "HS256")),
          Map.entry("dpop-proof-max-age-seconds", new Sample("30", "0")),
          Map.entry("dpop-nonce", new Sample("true", "sure")),
          Map.entry("dpop-nonce-rotation-seconds", new Sample("60", "0")),
          Map.entry("dpop-nonce-secret-env", new Sample("PATH", "GATEHOUSE_NO_SUCH_VARIABLE")),
          Map.entry("dpop-replay-uri", new Sample("redis://127.0.0.1:1", "redis://:pw@")),
          Map.entry("dpop-replay-fail-open", new Sample("true", "x")),
          Map.entry("external-base-uri", new Sample("https://api.example.com", "ftp://x")),
          Map.entry("mtls-bound-paths", new Sample("/admin/*", "*.css")),
          Map.entry("mtls-certificate-header", new Sample("Client-Cert", "bad header")),
          Map.entry("mtls-trusted-proxies", new Sample("127.0.0.1, ::1", "proxy.example.com")),
          Map.entry(
              "event-listener", new Sample("dev.gatehouse.RecordingListener", "java.lang.String")),
          Map.entry("audit", new Sample("true", "yes")),
          Map.entry("audit-subject", new Sample("none", "salted")),
          Map.entry("health-path", new Sample("/ready", "ready")));

  /** The settings a logout receiver needs together; each sample is tried with the others set. */
  private static final Map<String, String> LOGOUT =
      Map.of("backchannel-logout-path", "/logout", "backchannel-logout-audience", "web");

  private MockIssuer issuer;

  @BeforeAll
  void start() {
    issuer = MockIssuer.start();
  }

  @AfterAll
  void stop() {
    issuer.close();
  }

  Stream<String> names() {
    return Settings.TABLE.stream().map(row -> row.name);
  }

  private Map<String, String> base(String suffix) {
    Map<String, String> settings = new HashMap<>();
    settings.put("issuer" + suffix, issuer.issuer());
    settings.put("jwks-uri" + suffix, issuer.jwksUri().toString());
    settings.put("audience" + suffix, "api");
    return settings;
  }

  private static Setting<?, ?> row(String name) {
    return Settings.TABLE.stream().filter(r -> r.name.equals(name)).findFirst().orElseThrow();
  }

  /** The settings that must come with {@code name}, so that its sample alone decides. */
  private void companions(String name, Map<String, String> settings) {
    if (name.startsWith("backchannel-logout-")) {
      settings.putAll(LOGOUT);
    }
    if (name.startsWith("introspect") || name.equals("online-check-paths")) {
      settings.put("introspection-uri", "https://idp.example.com/introspect");
      settings.put("introspection-client-id", "rs");
      settings.put("introspection-client-secret", "s3cret");
    }
    if (name.startsWith("dpop-") || name.equals("external-base-uri")) {
      settings.put("dpop", "accept");
    }
    if (name.equals("dpop-nonce-secret-env")) {
      settings.put("dpop-nonce", "true");
    }
    if (name.equals("mtls-certificate-header")) {
      settings.put("mtls-trusted-proxies", "127.0.0.1");
    } else if (name.equals("mtls-trusted-proxies")) {
      settings.put("mtls-certificate-header", "Client-Cert");
    }
    if (name.startsWith("resource-")) {
      settings.put("resource", "https://api.example.com");
    }
    if (name.equals("step-up-paths")) {
      settings.put("step-up-max-age-seconds", "300");
    } else if (name.startsWith("step-up-")) {
      settings.put("step-up-paths", "/admin/*");
    }
    if (name.equals("audit-subject")) {
      settings.put("audit", "true");
    }
    if (name.startsWith("ssf-")) {
      settings.put("ssf-receiver-path", "/ssf");
      settings.put("ssf-audience", "https://api.example.com");
      settings.put("ssf-transmitters", issuer.issuer());
    }
  }

  @Test
  void everyRowHasSamples() {
    assertThat(SAMPLES.keySet()).containsExactlyInAnyOrderElementsOf(names().toList());
  }

  @ParameterizedTest
  @MethodSource("names")
  void validValueIsRead(String name) {
    Map<String, String> settings = base("");
    if (name.equals("jwks-path")) {
      settings.remove("jwks-uri");
    }
    companions(name, settings);
    settings.put(name, SAMPLES.get(name).valid().replace(ISSUER, issuer.issuer()));
    if (name.equals("revocation-replica-uri") || name.equals("dpop-replay-uri")) {
      // Read, and then refused here for want of the filter-redis module, which tests it.
      assertThatThrownBy(() -> Settings.guard(settings)).hasMessageContaining("filter-redis");
      return;
    }
    Guard guard = Settings.guard(settings);
    guard.verifier().close();
  }

  @ParameterizedTest
  @MethodSource("names")
  void invalidValueIsRefusedNamingTheSetting(String name) {
    String invalid = SAMPLES.get(name).invalid();
    if (invalid == null) {
      return;
    }
    Map<String, String> settings = base("");
    if (name.equals("jwks-path")) {
      settings.remove("jwks-uri");
    }
    companions(name, settings);
    settings.put(name, invalid);
    assertThatThrownBy(() -> Settings.guard(settings))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(name);
  }

  @ParameterizedTest
  @MethodSource("names")
  void issuerSettingWithoutSuffixIsInheritedByANumberedIssuer(String name) {
    Setting<?, ?> row = row(name);
    String invalid = SAMPLES.get(name).invalid();
    if (row.scope != Setting.Scope.ISSUER || invalid == null) {
      return;
    }
    Map<String, String> settings = base(".1");
    settings.put(name, invalid);
    assertThatThrownBy(() -> Settings.guard(settings))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(name);
    settings.put(name + ".1", SAMPLES.get(name).valid());
    Settings.guard(settings).verifier().close();
  }

  @Test
  void anIssuersOwnSettingWithoutItsIssuerIsRefused() {
    Map<String, String> settings = base(".1");
    settings.put("jwks-uri", issuer.jwksUri().toString());
    assertThatThrownBy(() -> Settings.guard(settings))
        .hasMessageContaining("jwks-uri is set but issuer is not");
    Map<String, String> numbered = base("");
    numbered.put("audience.2", "api");
    assertThatThrownBy(() -> Settings.guard(numbered))
        .hasMessageContaining("audience.2 is set but issuer.2 is not");
  }

  @Test
  void unknownNameIsRefusedWithTheNearestKnownName() {
    Map<String, String> settings = base("");
    settings.put("audiences", "api");
    assertThatThrownBy(() -> Settings.guard(settings))
        .hasMessage("unknown setting: audiences (did you mean audience?)");
    Map<String, String> numbered = base("");
    numbered.put("leway-seconds.1", "5");
    assertThatThrownBy(() -> Settings.guard(numbered))
        .hasMessageContaining("did you mean leeway-seconds.1?");
  }

  @Test
  void containerDefaultsFillWhatTheExplicitSettingsLeaveOut() {
    Map<String, String> explicit = Map.of("issuer", "https://a.example", "audience", "api");
    Map<String, String> properties =
        Map.of(
            "gatehouse.audience", "ignored-explicit-wins",
            "gatehouse.mode", "optional",
            "gatehouse.jwks-uri.2", "https://b.example/jwks",
            "user.home", "/root");
    Map<String, String> env =
        Map.of(
            "GATEHOUSE_MODE", "annotate",
            "GATEHOUSE_REALM", "books",
            "GATEHOUSE_ISSUER_2", "https://b.example",
            "GATEHOUSE_REDIS_PASSWORD", "secret",
            "PATH", "/bin");
    Map<String, String> merged = Settings.withContainerDefaults(explicit, properties, env);
    assertThat(merged)
        .containsEntry("issuer", "https://a.example")
        .containsEntry("audience", "api")
        .containsEntry("mode", "optional")
        .containsEntry("realm", "books")
        .containsEntry("issuer.2", "https://b.example")
        .containsEntry("jwks-uri.2", "https://b.example/jwks")
        .doesNotContainKey("redis-password")
        .hasSize(6);
    assertThatThrownBy(
            () ->
                Settings.withContainerDefaults(
                    explicit, Map.of("gatehouse.audiance", "x"), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("gatehouse.audiance")
        .hasMessageContaining("did you mean audience");
  }

  @Test
  void theSummaryNamesTheConfigurationAndNoSecret() {
    Map<String, String> settings = base("");
    settings.put("introspection-uri", "https://idp.example.com/introspect");
    settings.put("introspection-client-id", "rs");
    settings.put("introspection-client-secret", "s3cret-value");
    settings.put("exclude-paths", "/health");
    settings.put("required-scopes", "books.read");
    settings.put("resource", "https://api.example.com");
    Guard guard = Settings.guard(settings);
    try {
      assertThat(guard.summary())
          .contains("mode=required")
          .contains("issuer=" + issuer.issuer())
          .contains("audiences=[api]")
          .contains("introspection")
          .contains("resource=https://api.example.com")
          .contains("required-scopes=[books.read]")
          .contains("exclude-paths=[/health]")
          .contains("endpoint /.well-known/oauth-protected-resource")
          .doesNotContain("s3cret");
    } finally {
      guard.verifier().close();
    }
  }
}
