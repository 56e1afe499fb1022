package dev.gatehouse.jaxrs;

import jakarta.ws.rs.core.Application;
import org.glassfish.jersey.server.ResourceConfig;

/** Issue 11's generated precedence trees on Jersey and the JDK's HTTP server, no role feature. */
final class JerseyPrecedenceTest extends PrecedenceContract {
  @Override
  JaxrsServer start(Application application) {
    return JerseyServer.start(ResourceConfig.forApplication(application));
  }
}
