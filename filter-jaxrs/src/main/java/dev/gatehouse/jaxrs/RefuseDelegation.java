package dev.gatehouse.jaxrs;

import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Refuses delegated tokens (those with an RFC 8693 {@code act} claim: an actor, such as an agent,
 * acting for the subject) with {@code 403} ({@code Requirement.notDelegated}); the subject must
 * call in person. Anywhere on the matched chain it applies.
 */
@Documented
@Retention(RUNTIME)
@Target({TYPE, METHOD})
public @interface RefuseDelegation {}
