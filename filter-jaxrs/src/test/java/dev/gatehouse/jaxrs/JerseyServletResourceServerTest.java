package dev.gatehouse.jaxrs;

import jakarta.ws.rs.core.Application;

/** Issue 15 on Jersey 3.1 inside Jetty 12's servlet container. */
final class JerseyServletResourceServerTest extends ResourceServerContract {
  @Override
  JaxrsServer start(Application application) {
    return JerseyServletServer.start(application);
  }
}
