package dev.gatehouse.jaxrs;

import jakarta.ws.rs.core.Application;

/**
 * Issue 5's contract on Jersey as a servlet in Jetty 12, with {@code RolesAllowedDynamicFeature}.
 */
final class JerseyServletBearerAuthTest extends JaxrsContract {
  @Override
  String implementation() {
    return "org.glassfish.jersey";
  }

  @Override
  JaxrsServer start(Application application) {
    return JerseyServletServer.start(application);
  }
}
