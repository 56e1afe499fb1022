package dev.gatehouse.jaxrs;

import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * A claim a resource class or method needs: equal to {@link #equalTo()} (a string claim), or
 * including {@link #includes()} (an array with that string, or a space-separated string with that
 * word); a token that fails gets {@code 403 insufficient_scope} naming the claim, never its value
 * ({@code Requirement.claimEquals}, {@code Requirement.claimIncludes}). Exactly one of the two is
 * set.
 *
 * <pre>{@code
 * @GET
 * @RequireClaim(name = "department", equalTo = "sales")
 * @RequireClaim(name = "groups", includes = "staff")
 * public Report report() { ... }
 * }</pre>
 *
 * <p>Repeatable; anywhere on the matched chain every one applies.
 */
@Documented
@Retention(RUNTIME)
@Target({TYPE, METHOD})
@Repeatable(RequireClaim.List.class)
public @interface RequireClaim {
  /** The top-level claim's name. */
  String name();

  /** The string the claim must equal. */
  String equalTo() default "";

  /** The string the claim must include. */
  String includes() default "";

  /** Several {@link RequireClaim}s on one element. */
  @Documented
  @Retention(RUNTIME)
  @Target({TYPE, METHOD})
  @interface List {
    /** The claims. */
    RequireClaim[] value();
  }
}
