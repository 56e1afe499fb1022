package dev.gatehouse.jakarta;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.BeforeShutdown;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import jakarta.enterprise.inject.spi.WithAnnotations;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The CDI extension that turns Gatehouse's Jakarta Security mechanism on: when a class carries
 * {@link GatehouseAuthenticationMechanismDefinition}, or MicroProfile Config has {@code
 * gatehouse.issuer}, it adds {@link GatehouseMechanism} as the application's {@link
 * HttpAuthenticationMechanism} bean, and the {@link AuthProducer} producers. Registered in {@code
 * META-INF/services}; nothing to declare.
 */
public final class GatehouseExtension implements Extension {
  private final List<GatehouseAuthenticationMechanismDefinition> definitions = new ArrayList<>();
  private @Nullable GatehouseMechanism mechanism;

  /** For the CDI container. */
  public GatehouseExtension() {}

  void producers(@Observes BeforeBeanDiscovery discovery, BeanManager manager) {
    discovery.addAnnotatedType(manager.createAnnotatedType(AuthProducer.class), "gatehouse-auth");
  }

  void definitions(
      @Observes @WithAnnotations(GatehouseAuthenticationMechanismDefinition.class)
          ProcessAnnotatedType<?> type) {
    GatehouseAuthenticationMechanismDefinition definition =
        type.getAnnotatedType().getAnnotation(GatehouseAuthenticationMechanismDefinition.class);
    if (definition != null) {
      definitions.add(definition);
    }
  }

  void mechanism(@Observes AfterBeanDiscovery discovery) {
    if (definitions.size() > 1) {
      discovery.addDefinitionError(
          new IllegalStateException(
              "@GatehouseAuthenticationMechanismDefinition stands on more than one class"));
      return;
    }
    Map<String, String> annotated = new LinkedHashMap<>();
    for (GatehouseAuthenticationMechanismDefinition definition : definitions) {
      for (String setting : definition.settings()) {
        int eq = setting.indexOf('=');
        if (eq <= 0) {
          discovery.addDefinitionError(
              new IllegalArgumentException(
                  "@GatehouseAuthenticationMechanismDefinition setting is not name=value: "
                      + setting));
          return;
        }
        annotated.put(setting.substring(0, eq).strip(), setting.substring(eq + 1).strip());
      }
    }
    if (definitions.isEmpty() && MicroProfile.value("gatehouse.issuer") == null) {
      return;
    }
    GatehouseMechanism created =
        new GatehouseMechanism(
            () -> {
              Map<String, String> settings = new LinkedHashMap<>(annotated);
              settings.putAll(MicroProfile.settings());
              return settings;
            });
    this.mechanism = created;
    discovery
        .addBean()
        .beanClass(GatehouseMechanism.class)
        .types(HttpAuthenticationMechanism.class, Object.class)
        .scope(ApplicationScoped.class)
        .createWith(context -> created);
  }

  void shutdown(@Observes BeforeShutdown shutdown) {
    if (mechanism != null) {
      mechanism.close();
    }
  }

  /** MicroProfile Config, when the server has it. */
  static final class MicroProfile {
    private MicroProfile() {}

    static @Nullable String value(String name) {
      try {
        Optional<String> value =
            org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getOptionalValue(name, String.class);
        return value.orElse(null);
      } catch (LinkageError | IllegalStateException | NoSuchElementException e) {
        // No MicroProfile Config on this server.
        return null;
      }
    }

    /** Every {@code gatehouse.*} value, without the prefix. */
    static Map<String, String> settings() {
      Map<String, String> out = new LinkedHashMap<>();
      try {
        org.eclipse.microprofile.config.Config config =
            org.eclipse.microprofile.config.ConfigProvider.getConfig();
        for (String name : config.getPropertyNames()) {
          if (name.startsWith("gatehouse.")) {
            config
                .getOptionalValue(name, String.class)
                .ifPresent(value -> out.put(name.substring("gatehouse.".length()), value));
          }
        }
      } catch (LinkageError | IllegalStateException e) {
        // No MicroProfile Config on this server.
      }
      return out;
    }
  }
}
