package dev.gatehouse.jaxrs;

import jakarta.ws.rs.core.Application;
import org.glassfish.jersey.server.ResourceConfig;

/** Issue 11's JAX-RS bypasses on Jersey and the JDK's HTTP server, no role feature registered. */
final class JerseyBypassTest extends BypassContract {
  @Override
  JaxrsServer start(Application application) {
    return JerseyServer.start(ResourceConfig.forApplication(application));
  }
}
