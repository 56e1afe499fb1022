package dev.gatehouse.jaxrs;

import dev.gatehouse.Guard;
import dev.gatehouse.Settings;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.Configuration;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The Gatehouse settings among an application's properties: those under the prefix {@link #PREFIX},
 * with the names of the servlet filter's init-params ({@code gatehouse.issuer}, {@code
 * gatehouse.audience}, ...). Every name under the prefix must be a setting: a typo fails the
 * application's start instead of silently weakening a check.
 */
final class PropertySettings {
  /** The prefix of every Gatehouse property. */
  static final String PREFIX = "gatehouse.";

  private PropertySettings() {}

  /**
   * The application's own properties, overridden by the runtime's configuration, without the
   * prefix.
   */
  static Map<String, String> read(
      @Nullable Application application, @Nullable Configuration configuration) {
    Map<String, String> settings = new TreeMap<>();
    if (application != null) {
      copy(application.getProperties(), settings);
    }
    if (configuration != null) {
      copy(configuration.getProperties(), settings);
    }
    return settings;
  }

  private static void copy(@Nullable Map<String, Object> properties, Map<String, String> settings) {
    if (properties == null) {
      return;
    }
    properties.forEach(
        (name, value) -> {
          if (name != null && value != null && name.startsWith(PREFIX)) {
            settings.put(name.substring(PREFIX.length()), value.toString());
          }
        });
  }

  /**
   * The guard the properties describe.
   *
   * @throws IllegalArgumentException naming the property (with its prefix) that is missing, unknown
   *     or invalid
   */
  static Guard guard(@Nullable Application application, @Nullable Configuration configuration) {
    try {
      Guard guard =
          Settings.guard(Settings.withContainerDefaults(read(application, configuration)));
      org.slf4j.LoggerFactory.getLogger(BearerAuthFilter.class)
          .info("BearerAuthFilter: {}", guard.summary());
      return guard;
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new IllegalArgumentException(
          "Gatehouse properties (" + PREFIX + "*): " + e.getMessage(), e);
    }
  }
}
