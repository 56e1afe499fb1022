package dev.gatehouse.jaxrs;

import jakarta.ws.rs.core.Application;

/** Issue 15 on Jersey 3.1 and the JDK's HTTP server. */
final class JerseyResourceServerTest extends ResourceServerContract {
  @Override
  JaxrsServer start(Application application) {
    return JerseyServer.start(application);
  }
}
