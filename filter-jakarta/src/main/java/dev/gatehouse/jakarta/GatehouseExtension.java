package dev.gatehouse.jakarta;

import dev.gatehouse.Settings;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.AfterTypeDiscovery;
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
import org.jspecify.annotations.Nullable;

/**
 * The CDI extension that turns Gatehouse's Jakarta Security mechanism on: when a class carries
 * {@link GatehouseAuthenticationMechanismDefinition}, or MicroProfile Config has {@code
 * gatehouse.issuer}, it creates a {@link GatehouseMechanism} and makes it the application's {@link
 * HttpAuthenticationMechanism} bean, and adds the {@link AuthProducer} producers. Registered in
 * {@code META-INF/services}; nothing to declare.
 */
public final class GatehouseExtension implements Extension {
  private final List<GatehouseAuthenticationMechanismDefinition> definitions = new ArrayList<>();
  private volatile @Nullable GatehouseMechanism mechanism;
  private @Nullable String definitionError;

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

  /**
   * Once every type is discovered, and so every definition seen: when Gatehouse is turned on, the
   * mechanism is created and {@link ExtensionMechanism} added as a type to discover, which fires
   * its {@code ProcessAnnotatedType} as for an application's own mechanism class.
   */
  void mechanism(@Observes AfterTypeDiscovery discovery, BeanManager manager) {
    if (definitions.size() > 1) {
      definitionError = "@GatehouseAuthenticationMechanismDefinition stands on more than one class";
      return;
    }
    Map<String, String> annotated = new LinkedHashMap<>();
    for (GatehouseAuthenticationMechanismDefinition definition : definitions) {
      for (String setting : definition.settings()) {
        int eq = setting.indexOf('=');
        if (eq <= 0) {
          definitionError =
              "@GatehouseAuthenticationMechanismDefinition setting is not name=value: " + setting;
          return;
        }
        annotated.put(setting.substring(0, eq).strip(), setting.substring(eq + 1).strip());
      }
    }
    if (definitions.isEmpty() && !Settings.microProfileConfig().containsKey("issuer")) {
      return;
    }
    this.mechanism =
        new GatehouseMechanism(
            () -> {
              Map<String, String> settings = new LinkedHashMap<>(annotated);
              settings.putAll(Settings.microProfileConfig());
              return settings;
            });
    discovery.addAnnotatedType(
        manager.createAnnotatedType(ExtensionMechanism.class), "gatehouse-mechanism");
  }

  void errors(@Observes AfterBeanDiscovery discovery) {
    if (definitionError != null) {
      discovery.addDefinitionError(new IllegalArgumentException(definitionError));
    }
  }

  /** The mechanism, once turned on and until shut down. */
  @Nullable GatehouseMechanism mechanism() {
    return mechanism;
  }

  void shutdown(@Observes BeforeShutdown shutdown) {
    GatehouseMechanism current = mechanism;
    mechanism = null;
    if (current != null) {
      current.close();
    }
  }
}
