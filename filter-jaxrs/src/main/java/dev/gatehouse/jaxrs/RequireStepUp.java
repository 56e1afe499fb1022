package dev.gatehouse.jaxrs;

import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Step-up authentication (RFC 9470) for a resource class or method: the token's {@code acr} must be
 * one of {@link #acr()}, and its user must have authenticated at most {@link #maxAgeSeconds()} ago
 * ({@code auth_time}); otherwise {@code 401 insufficient_user_authentication} with {@code
 * acr_values} and {@code max_age} in the challenge ({@code Requirement.acr}, {@code
 * Requirement.maxAge}).
 *
 * <pre>{@code
 * @POST
 * @Path("/payouts")
 * @RequireStepUp(acr = "urn:example:mfa", maxAgeSeconds = 300)
 * public Payout pay(PayoutRequest request) { ... }
 * }</pre>
 *
 * <p>Anywhere on the matched chain it applies, whatever the other annotations say; several combine
 * (the {@code acr} values all of them accept, the shortest {@code max_age}).
 */
@Documented
@Retention(RUNTIME)
@Target({TYPE, METHOD})
public @interface RequireStepUp {
  /** Accepted {@code acr} values, most preferred first; none for any. */
  String[] acr() default {};

  /** The longest time since the user authenticated, in seconds; 0 for no limit. */
  long maxAgeSeconds() default 0;
}
