package dev.gatehouse.jaxrs;

import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * The token's holder must be a member of the organization the path parameter {@link #value()}
 * names, with every one of {@link #scopes()} in it ({@code resource:action}, {@code *} and {@code
 * **} as hierarchical scopes read them), from the {@code organizations} claim; otherwise {@code 403
 * insufficient_scope} ({@code Requirement.inOrganization}).
 *
 * <pre>{@code
 * @Path("/orgs/{org}/projects")
 * @RequireOrganization(value = "org", scopes = "projects:write")
 * public class Projects { ... }
 * }</pre>
 *
 * <p>A path parameter that is missing, or bound to two different values along the matched chain,
 * refuses the request. Anywhere on the matched chain it applies.
 */
@Documented
@Retention(RUNTIME)
@Target({TYPE, METHOD})
public @interface RequireOrganization {
  /** The path parameter holding the organization's id. */
  String value();

  /** The scopes needed in that organization; none for membership alone. */
  String[] scopes() default {};
}
