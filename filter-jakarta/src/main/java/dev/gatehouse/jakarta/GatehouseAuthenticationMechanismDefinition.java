package dev.gatehouse.jakarta;

import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Turns on Gatehouse's Jakarta Security mechanism for the application, in the style of
 * {@code @OpenIdAuthenticationMechanismDefinition}: put it on any class of the application (a
 * JAX-RS {@code Application}, a CDI bean).
 *
 * <pre>{@code
 * @GatehouseAuthenticationMechanismDefinition(
 *     settings = {"issuer=https://idp.example.com", "audience=orders-api"})
 * @ApplicationPath("/api")
 * public class OrdersApplication extends Application {}
 * }</pre>
 *
 * <p>The settings are those of the README's configuration table as {@code name=value}; MicroProfile
 * Config ({@code gatehouse.issuer}, ...) overrides them, then system properties and environment
 * variables fill what is left. Without this annotation, a {@code gatehouse.issuer} in MicroProfile
 * Config alone turns the mechanism on.
 */
@Documented
@Retention(RUNTIME)
@Target(TYPE)
public @interface GatehouseAuthenticationMechanismDefinition {
  /** Settings as {@code name=value}, e.g. {@code "issuer=https://idp.example.com"}. */
  String[] settings() default {};
}
