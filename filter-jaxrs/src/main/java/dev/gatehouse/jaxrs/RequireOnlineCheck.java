package dev.gatehouse.jaxrs;

import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Marks a resource class or method whose requests also ask the token's issuer whether a locally
 * valid JWT is still active (RFC 7662 introspection; {@code Requirement.online()}), for high-value
 * operations where a revocation must count at once. It implies a token; the guard's verifier needs
 * an issuer with an introspection endpoint, else such a request is refused 403.
 *
 * <pre>{@code
 * @POST
 * @Path("/{id}/refund")
 * @RequireScopes("payments.write")
 * @RequireOnlineCheck
 * public Refund refund(@PathParam("id") String id) { ... }
 * }</pre>
 *
 * <p>Anywhere on the matched chain (class, method, a locator's level) it applies to the request,
 * whatever the other annotations say, {@code @PermitAll} included.
 */
@Documented
@Retention(RUNTIME)
@Target({TYPE, METHOD})
public @interface RequireOnlineCheck {}
