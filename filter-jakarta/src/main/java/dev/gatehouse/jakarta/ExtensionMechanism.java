package dev.gatehouse.jakarta;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationException;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

/**
 * The application's {@link HttpAuthenticationMechanism} bean when Gatehouse is turned on: a class
 * the extension adds to type discovery, so that every server finds it the way it finds an
 * application's own mechanism (Open Liberty looks only at the annotated types that implement the
 * interface, never at a bean added later), handing each request to the extension's {@link
 * GatehouseMechanism}.
 *
 * <p>Thread-safe.
 */
@ApplicationScoped
class ExtensionMechanism implements HttpAuthenticationMechanism {
  // The extension itself is final, so not proxyable: looked up through the bean manager instead.
  @Inject @Nullable BeanManager beans;

  /** For CDI. */
  ExtensionMechanism() {}

  @Override
  public AuthenticationStatus validateRequest(
      HttpServletRequest request, HttpServletResponse response, HttpMessageContext context)
      throws AuthenticationException {
    BeanManager manager = beans;
    GatehouseMechanism mechanism =
        manager == null ? null : manager.getExtension(GatehouseExtension.class).mechanism();
    if (mechanism == null) {
      // Closed, or never turned on: nothing here to authenticate with, and nothing let through.
      return context.responseUnauthorized();
    }
    return mechanism.validateRequest(request, response, context);
  }
}
