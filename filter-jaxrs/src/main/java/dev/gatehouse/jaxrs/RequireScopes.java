package dev.gatehouse.jaxrs;

import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * The scopes a resource class or method needs, all of them, checked after authentication; a token
 * that lacks one gets {@code 403 insufficient_scope} with the {@code scope} parameter (RFC 6750
 * §3.1).
 *
 * <pre>{@code
 * @GET
 * @Path("/{id}")
 * @RequireScopes("books.read")
 * public Book find(@PathParam("id") String id) { ... }
 * }</pre>
 *
 * <p>Precedence: an annotation on the method replaces the one on its class. It implies a token, so
 * it wins over {@code @PermitAll} at the same level, and it protects its resource when Gatehouse is
 * registered name-bound even without {@link RequireAuth}. A method's own {@code @PermitAll} makes
 * the method public, class-level scopes included.
 */
@Documented
@Retention(RUNTIME)
@Target({TYPE, METHOD})
public @interface RequireScopes {
  /** The scope tokens (RFC 6749 §3.3), e.g. {@code "books.read"}. */
  String[] value();
}
