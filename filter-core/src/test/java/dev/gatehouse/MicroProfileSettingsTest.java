package dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * MicroProfile Config as a source of settings, on a real implementation (SmallRye Config)
 * registered for the test's class loader: between the application's own settings and the system
 * properties, with the same names and the same refusal of unknown ones.
 */
final class MicroProfileSettingsTest {
  private final ClassLoader original = Thread.currentThread().getContextClassLoader();
  // A loader of this test's own, as an application's is: ConfigProvider answers per class loader.
  private final URLClassLoader application = new URLClassLoader(new URL[0], original);
  private Config registered;

  private void register(ConfigSource... sources) {
    registered =
        new SmallRyeConfigBuilder().withSources(sources).forClassLoader(application).build();
    ConfigProviderResolver.instance().registerConfig(registered, application);
    Thread.currentThread().setContextClassLoader(application);
  }

  @AfterEach
  void release() throws Exception {
    Thread.currentThread().setContextClassLoader(original);
    if (registered != null) {
      ConfigProviderResolver.instance().releaseConfig(registered);
    }
    application.close();
  }

  @Test
  void itsValuesFillWhatTheApplicationLeavesOutAndTheApplicationWins() {
    register(
        new PropertiesConfigSource(
            Map.of(
                "gatehouse.issuer", "https://idp.example.com",
                "gatehouse.audience", "from-config",
                "gatehouse.jwks-uri.2", "https://b.example/jwks",
                "other.name", "ignored"),
            "test",
            100));

    Map<String, String> merged = Settings.withContainerDefaults(Map.of("audience", "explicit"));

    assertThat(merged)
        .containsEntry("issuer", "https://idp.example.com")
        .containsEntry("audience", "explicit")
        .containsEntry("jwks-uri.2", "https://b.example/jwks")
        .doesNotContainKey("other.name");
    assertThat(Settings.microProfileConfig()).containsEntry("audience", "from-config");
  }

  @Test
  void aSourceThatListsNoNamesIsStillAskedForEverySetting() {
    // RESTEasy's source of the JAX-RS servlet's init-params answers for names it does not list.
    register(
        new ConfigSource() {
          @Override
          public Set<String> getPropertyNames() {
            return Set.of();
          }

          @Override
          public String getValue(String name) {
            return name.equals("gatehouse.issuer") ? "https://unlisted.example.com" : null;
          }

          @Override
          public String getName() {
            return "unlisted";
          }
        });

    assertThat(Settings.withContainerDefaults(Map.of()))
        .containsEntry("issuer", "https://unlisted.example.com");
  }

  @Test
  void namesThatAreNoSettingAreLeftAlone() {
    // SmallRye lists the environment's GATEHOUSE_REDIS_PASSWORD as gatehouse.redis.password.
    register(
        new PropertiesConfigSource(
            Map.of(
                "gatehouse.redis.password", "secret",
                "gatehouse.vectors.required", "true",
                "gatehouse.issuer", "https://a.example"),
            "test",
            100));

    assertThat(Settings.microProfileConfig()).containsOnlyKeys("issuer");
    assertThat(Settings.withContainerDefaults(Map.of()))
        .containsEntry("issuer", "https://a.example");
  }

  @Test
  void aGuardIsBuiltFromMicroProfileConfigAlone() {
    register(
        new PropertiesConfigSource(
            Map.of(
                "gatehouse.issuer", "https://idp.example.com",
                "gatehouse.jwks-uri", "https://idp.example.com/jwks",
                "gatehouse.audience", "orders"),
            "test",
            100));

    Guard guard = Settings.guard(Settings.withContainerDefaults(Map.of()));
    try {
      assertThat(guard.summary()).contains("https://idp.example.com").contains("orders");
    } finally {
      guard.verifier().close();
    }
  }
}
