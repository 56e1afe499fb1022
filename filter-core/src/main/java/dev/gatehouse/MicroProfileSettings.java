package dev.gatehouse;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code gatehouse.*} values of MicroProfile Config, when the runtime has it: only this class
 * names its API ({@code provided}, optional), and {@link Settings} calls it inside a guard against
 * {@link LinkageError}, so without MicroProfile Config it is never loaded.
 */
final class MicroProfileSettings {
  private static final Logger LOG = LoggerFactory.getLogger(MicroProfileSettings.class);

  private MicroProfileSettings() {}

  /**
   * Every setting MicroProfile Config knows, without the prefix: the names it lists, and each
   * setting of the table asked for by name, since some sources (RESTEasy's servlet init-param
   * source among them) answer for names they do not list.
   */
  static Map<String, String> read() {
    Config config;
    try {
      config = ConfigProvider.getConfig();
    } catch (IllegalStateException | java.util.ServiceConfigurationError e) {
      // The API is there but no implementation.
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (String name : config.getPropertyNames()) {
      if (name.startsWith(Settings.PROPERTY_PREFIX)) {
        String value = value(config, name);
        if (value != null) {
          out.put(name.substring(Settings.PROPERTY_PREFIX.length()), value);
        }
      }
    }
    for (String setting : Settings.names()) {
      if (!out.containsKey(setting)) {
        String value = value(config, Settings.PROPERTY_PREFIX + setting);
        if (value != null) {
          out.put(setting, value);
        }
      }
    }
    return out;
  }

  private static @Nullable String value(Config config, String name) {
    try {
      return config.getOptionalValue(name, String.class).orElse(null);
    } catch (IllegalArgumentException | NoSuchElementException e) {
      LOG.warn("MicroProfile Config value {} cannot be read: {}", name, e.getMessage());
      return null;
    }
  }
}
