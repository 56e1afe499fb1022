package dev.gatehouse.jaxrs;

import jakarta.ws.rs.core.Application;

/** Issue 5 on Jersey 3.1 and the JDK's HTTP server, with {@code RolesAllowedDynamicFeature}. */
final class JerseyBearerAuthTest extends JaxrsContract {
  @Override
  String implementation() {
    return "org.glassfish.jersey";
  }

  @Override
  JaxrsServer start(Application application) {
    return JerseyServer.start(application);
  }
}
