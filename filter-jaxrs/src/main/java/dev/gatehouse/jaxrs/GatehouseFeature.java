package dev.gatehouse.jaxrs;

import dev.gatehouse.Guard;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Objects;

/**
 * Registers Gatehouse on each resource method at start-up: the {@link BearerAuthFilter} (priority
 * {@code AUTHENTICATION}), which judges the request on the core decision path with the annotations
 * of the whole matched resource chain, including {@code @RolesAllowed}, {@code @DenyAll} and
 * {@code @PermitAll}, whatever the runtime's own role switches say.
 *
 * <pre>{@code
 * Guard guard = Guard.builder(verifier).build();
 * ResourceConfig app = new ResourceConfig(BooksResource.class)
 *     .register(GatehouseFeature.global(guard))
 *     .register(RolesAllowedDynamicFeature.class);
 * }</pre>
 *
 * <p>{@link #global(Guard)}: every resource needs a valid token, except {@code @PermitAll} ones
 * (the method's annotation first, then the class's), which let a request without a token through
 * and still refuse an invalid one. {@link #nameBound(Guard)}: only resources marked {@link
 * RequireAuth}, {@link RequireScopes}, {@code @RolesAllowed} or {@code @DenyAll} anywhere on the
 * matched chain (a sub-resource of a marked root is marked). Register one feature, and do not also
 * register {@link BearerAuthFilter} itself.
 *
 * <p>Immutable and thread-safe.
 */
public final class GatehouseFeature implements DynamicFeature {
  private final Guard guard;
  private final boolean nameBound;

  private GatehouseFeature(Guard guard, boolean nameBound) {
    this.guard = Objects.requireNonNull(guard, "guard");
    this.nameBound = nameBound;
  }

  /** Every resource method needs a valid token unless it is {@code @PermitAll}. */
  public static GatehouseFeature global(Guard guard) {
    return new GatehouseFeature(guard, false);
  }

  /**
   * Only resource methods marked {@link RequireAuth} or {@link RequireScopes} (or whose class is).
   */
  public static GatehouseFeature nameBound(Guard guard) {
    return new GatehouseFeature(guard, true);
  }

  @Override
  public void configure(ResourceInfo resourceInfo, FeatureContext context) {
    Method method = resourceInfo.getResourceMethod();
    Class<?> type = resourceInfo.getResourceClass();
    if (method == null || type == null) {
      return;
    }
    // A @RequireScopes value that is not a scope token fails the application's start.
    Declarations.of(List.of(type), method);
    // Every method gets the filter: whether a name-bound resource is protected depends on the
    // whole matched chain (a locator of a @RequireAuth root), known only per request.
    context.register(
        new BearerAuthFilter(guard, type, method, nameBound), Priorities.AUTHENTICATION);
  }

  @Override
  public String toString() {
    return "GatehouseFeature[" + (nameBound ? "name-bound" : "global") + "]";
  }
}
