package dev.gatehouse;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code gatehouse.*} values of MicroProfile Config, when the application's class loader has
 * it: looked up by name through the calling thread's context class loader, so filter-core neither
 * depends on the API (which has no module name) nor loads anything of it where it is absent.
 */
final class MicroProfileSettings {
  private static final Logger LOG = LoggerFactory.getLogger(MicroProfileSettings.class);

  private MicroProfileSettings() {}

  /**
   * Every setting MicroProfile Config knows, without the prefix: the setting names it lists, and
   * each setting of the table asked for by name, since some sources (RESTEasy's servlet init-param
   * source among them) answer for names they do not list. Empty without MicroProfile Config or
   * without an implementation of it.
   */
  static Map<String, String> read() {
    Object config;
    Method optionalValue;
    Method propertyNames;
    try {
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      Class<?> provider =
          Class.forName("org.eclipse.microprofile.config.ConfigProvider", true, loader);
      Class<?> type = Class.forName("org.eclipse.microprofile.config.Config", true, loader);
      config = provider.getMethod("getConfig").invoke(null);
      optionalValue = type.getMethod("getOptionalValue", String.class, Class.class);
      propertyNames = type.getMethod("getPropertyNames");
    } catch (ClassNotFoundException | LinkageError absent) {
      return Map.of();
    } catch (InvocationTargetException noImplementation) {
      // The API is there but no implementation (IllegalStateException, ServiceConfigurationError).
      return Map.of();
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.warn("MicroProfile Config is present but cannot be read: {}", e.toString());
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (String name : names(config, propertyNames)) {
      // Only settings: the environment's GATEHOUSE_* variables appear here as gatehouse.* names.
      if (name.startsWith(Settings.PROPERTY_PREFIX)
          && Settings.isSettingName(name.substring(Settings.PROPERTY_PREFIX.length()))) {
        String value = value(config, optionalValue, name);
        if (value != null) {
          out.put(name.substring(Settings.PROPERTY_PREFIX.length()), value);
        }
      }
    }
    for (String setting : Settings.names()) {
      if (!out.containsKey(setting)) {
        String value = value(config, optionalValue, Settings.PROPERTY_PREFIX + setting);
        if (value != null) {
          out.put(setting, value);
        }
      }
    }
    return out;
  }

  private static Iterable<String> names(Object config, Method propertyNames) {
    try {
      @SuppressWarnings("unchecked") // Config.getPropertyNames() is an Iterable<String>.
      Iterable<String> names = (Iterable<String>) propertyNames.invoke(config);
      return names == null ? java.util.List.of() : names;
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.warn("MicroProfile Config property names cannot be listed: {}", e.toString());
      return java.util.List.of();
    }
  }

  private static @Nullable String value(Object config, Method optionalValue, String name) {
    try {
      Object value = optionalValue.invoke(config, name, String.class);
      return value instanceof Optional<?> present && present.orElse(null) instanceof String text
          ? text
          : null;
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.warn("MicroProfile Config value {} cannot be read: {}", name, e.toString());
      return null;
    }
  }
}
