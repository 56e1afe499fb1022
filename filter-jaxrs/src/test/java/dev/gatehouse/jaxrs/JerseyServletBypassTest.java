package dev.gatehouse.jaxrs;

import jakarta.ws.rs.core.Application;
import org.glassfish.jersey.server.ResourceConfig;

/** Issue 11's bypass tests on Jersey as a servlet in Jetty 12, no role feature registered. */
final class JerseyServletBypassTest extends BypassContract {
  @Override
  JaxrsServer start(Application application) {
    return JerseyServletServer.start(ResourceConfig.forApplication(application));
  }
}
