package dev.gatehouse.jaxrs;

import dev.gatehouse.Requirement;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import org.jspecify.annotations.Nullable;

/**
 * What the annotations of one resource method ask of Gatehouse: whether a request without a token
 * may pass ({@code @PermitAll}) and which scopes it needs ({@link RequireScopes}).
 *
 * @param permitAll whether a request without a token passes (a token that is sent must be valid)
 * @param scopes the annotated scopes; {@link Requirement#AUTHENTICATED} for none
 */
record Access(boolean permitAll, Requirement scopes) {
  /** No annotation: a valid token, as the guard's route rules say. */
  static final Access DEFAULT = new Access(false, Requirement.AUTHENTICATED);

  private static final Access PUBLIC = new Access(true, Requirement.AUTHENTICATED);

  /** Whether {@link RequireScopes} applies, so a scope check must follow authentication. */
  boolean checksScopes() {
    return !scopes.scopes().isEmpty();
  }

  /**
   * The access rules of {@code method} of resource class {@code type}.
   *
   * @throws IllegalArgumentException if a {@link RequireScopes} value is not a scope token
   */
  static Access of(@Nullable Method method, @Nullable Class<?> type) {
    if (method != null) {
      // A method's own scopes replace its class's, and beat @PermitAll beside them: fail closed.
      RequireScopes own = method.getAnnotation(RequireScopes.class);
      if (own != null) {
        return scoped(own, method);
      }
      // JSR 250: a method's own @PermitAll overrides every class-level annotation.
      if (method.isAnnotationPresent(PermitAll.class)) {
        return PUBLIC;
      }
    }
    if (type == null) {
      return DEFAULT;
    }
    RequireScopes inherited = type.getAnnotation(RequireScopes.class);
    if (inherited != null) {
      return scoped(inherited, type);
    }
    // JSR 250: a class-level @PermitAll yields to a method's own @RolesAllowed or @DenyAll.
    boolean ownRoles =
        method != null
            && (method.isAnnotationPresent(RolesAllowed.class)
                || method.isAnnotationPresent(DenyAll.class));
    return !ownRoles && type.isAnnotationPresent(PermitAll.class) ? PUBLIC : DEFAULT;
  }

  /** Whether {@code method} or {@code type} carries {@code annotation}. */
  static boolean annotated(
      @Nullable Method method, @Nullable Class<?> type, Class<? extends Annotation> annotation) {
    return (method != null && method.isAnnotationPresent(annotation))
        || (type != null && type.isAnnotationPresent(annotation));
  }

  private static Access scoped(RequireScopes annotation, AnnotatedElement where) {
    try {
      return new Access(false, Requirement.scopes(annotation.value()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("@RequireScopes on " + where + ": " + e.getMessage(), e);
    }
  }
}
