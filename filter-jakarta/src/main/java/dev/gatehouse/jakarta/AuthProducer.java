package dev.gatehouse.jakarta;

import dev.gatehouse.Auth;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.spi.InjectionPoint;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * CDI producers of the request's verified token: {@code @Inject Auth} and
 * {@code @Inject @Claim("name")}, read from the request the container injects. {@code Dependent},
 * since {@link Auth} is a record (final, so no request-scoped proxy can stand for it): inject them
 * into beans created per request.
 */
@Dependent
public class AuthProducer {
  @Inject private HttpServletRequest request;

  /** For CDI. */
  public AuthProducer() {}

  /** The request's {@link Auth}, or null when it has none. */
  @Produces
  @Dependent
  public @Nullable Auth auth() {
    return request.getAttribute(Auth.REQUEST_ATTRIBUTE) instanceof Auth auth ? auth : null;
  }

  /** A string claim. */
  @Produces
  @Claim("")
  public @Nullable String stringClaim(InjectionPoint point) {
    return claim(point, String.class);
  }

  /** An integral claim. */
  @Produces
  @Claim("")
  public @Nullable Long longClaim(InjectionPoint point) {
    return claim(point, Long.class);
  }

  /** A boolean claim. */
  @Produces
  @Claim("")
  public @Nullable Boolean booleanClaim(InjectionPoint point) {
    return claim(point, Boolean.class);
  }

  /** An array of strings (one string counts as a list of one). */
  @Produces
  @Claim("")
  public @Nullable List<String> listClaim(InjectionPoint point) {
    Auth auth = auth();
    if (auth == null) {
      return null;
    }
    Object value = auth.claims().get(name(point));
    if (value instanceof String one) {
      return List.of(one);
    }
    if (!(value instanceof List<?> items)) {
      return null;
    }
    List<String> out = new ArrayList<>(items.size());
    for (Object item : items) {
      if (item instanceof String s) {
        out.add(s);
      }
    }
    return List.copyOf(out);
  }

  private <T> @Nullable T claim(InjectionPoint point, Class<T> type) {
    Auth auth = auth();
    return auth == null ? null : auth.claim(name(point), type).orElse(null);
  }

  private static String name(InjectionPoint point) {
    for (java.lang.annotation.Annotation qualifier : point.getQualifiers()) {
      if (qualifier instanceof Claim claim) {
        return claim.value();
      }
    }
    throw new IllegalStateException("a claim injection point needs @Claim");
  }
}
