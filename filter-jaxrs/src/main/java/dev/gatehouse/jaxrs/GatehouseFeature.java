package dev.gatehouse.jaxrs;

import dev.gatehouse.Guard;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import java.lang.reflect.Method;
import java.util.Objects;

/**
 * Registers Gatehouse on each resource method at start-up: the {@link BearerAuthFilter} (priority
 * {@code AUTHENTICATION}) and, where {@link RequireScopes} applies, the scope check (priority
 * {@code AUTHORIZATION}). Annotations are read once here; a {@link RequireScopes} value that is not
 * a scope token fails the application's start.
 *
 * {@snippet :
 * Guard guard = Guard.builder(verifier).build();
 * ResourceConfig app = new ResourceConfig(BooksResource.class)
 *     .register(GatehouseFeature.global(guard))
 *     .register(RolesAllowedDynamicFeature.class);
 * }
 *
 * <p>{@link #global(Guard)}: every resource needs a valid token, except {@code @PermitAll} ones
 * (the method's annotation first, then the class's), which let a request without a token through
 * and still refuse an invalid one. {@link #nameBound(Guard)}: only resources marked {@link
 * RequireAuth} or {@link RequireScopes}, on the method or its class. Register one feature, and do
 * not also register {@link BearerAuthFilter} itself.
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
    Access access = Access.of(method, type);
    // Name-bound: scopes imply a token, so @RequireScopes binds as @RequireAuth does (fail closed).
    if (nameBound && !access.checksScopes() && !Access.annotated(method, type, RequireAuth.class)) {
      return;
    }
    context.register(new BearerAuthFilter(guard, access), Priorities.AUTHENTICATION);
    if (access.checksScopes()) {
      context.register(new ScopeFilter(guard, access.scopes()), Priorities.AUTHORIZATION);
    }
  }

  @Override
  public String toString() {
    return "GatehouseFeature[" + (nameBound ? "name-bound" : "global") + "]";
  }
}
