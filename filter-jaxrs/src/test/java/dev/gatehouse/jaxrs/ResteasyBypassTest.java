package dev.gatehouse.jaxrs;

import jakarta.ws.rs.core.Application;

/**
 * Issue 11's JAX-RS bypasses on RESTEasy and Undertow, {@code resteasy.role.based.security} off.
 */
final class ResteasyBypassTest extends BypassContract {
  @Override
  JaxrsServer start(Application application) {
    return ResteasyServer.start(application, false);
  }
}
