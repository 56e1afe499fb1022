package dev.gatehouse.jaxrs;

import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.ws.rs.NameBinding;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Marks a resource class or method that needs a valid bearer token when Gatehouse is registered
 * name-bound, through {@link GatehouseFeature#nameBound(dev.gatehouse.Guard)}; resources without it
 * (and without {@link RequireScopes}) are left alone.
 *
 * <pre>{@code
 * @Path("/orders")
 * @RequireAuth
 * public class OrdersResource { ... }
 * }</pre>
 *
 * <p>With {@link GatehouseFeature#global(dev.gatehouse.Guard)} every resource needs a token and
 * this annotation changes nothing.
 */
@NameBinding
@Documented
@Retention(RUNTIME)
@Target({TYPE, METHOD})
public @interface RequireAuth {}
