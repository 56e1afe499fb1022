package dev.gatehouse.jakarta;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.enterprise.util.Nonbinding;
import jakarta.inject.Qualifier;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Injects one claim of the request's verified token, like MicroProfile JWT's {@code @Claim}: as a
 * {@code String}, {@code Long}, {@code Boolean} or {@code List<String>}; null when the request has
 * no token or the claim is absent or of another type.
 *
 * <pre>{@code
 * @Inject @Claim("email") String email;
 * }</pre>
 *
 * <p>The value is read when the bean is created: inject it into request-scoped beans (or resources
 * created per request), never into application-scoped ones.
 */
@Qualifier
@Documented
@Retention(RUNTIME)
@Target({FIELD, METHOD, PARAMETER})
public @interface Claim {
  /** The claim's name. */
  @Nonbinding
  String value();
}
