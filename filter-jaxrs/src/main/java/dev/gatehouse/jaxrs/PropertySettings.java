package dev.gatehouse.jaxrs;

import dev.gatehouse.Settings;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.Configuration;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The Gatehouse settings among an application's properties: those whose names {@link
 * Settings#isSettingName(String)} knows, the same names as the servlet filter's init-params.
 */
final class PropertySettings {
  private PropertySettings() {}

  /** The application's own properties, overridden by the runtime's configuration. */
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
          if (name != null && value != null && Settings.isSettingName(name)) {
            settings.put(name, value.toString());
          }
        });
  }
}
