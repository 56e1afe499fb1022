package dev.gatehouse.jaxrs;

import jakarta.ws.rs.core.Application;

/** Issue 15 on RESTEasy 6.2 and its embedded Undertow. */
final class ResteasyResourceServerTest extends ResourceServerContract {
  @Override
  JaxrsServer start(Application application) {
    return ResteasyServer.start(application);
  }
}
