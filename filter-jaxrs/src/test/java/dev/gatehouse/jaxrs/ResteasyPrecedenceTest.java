package dev.gatehouse.jaxrs;

import jakarta.ws.rs.core.Application;

/** Issue 11's generated precedence trees on RESTEasy and Undertow, role-based security off. */
final class ResteasyPrecedenceTest extends PrecedenceContract {
  @Override
  JaxrsServer start(Application application) {
    return ResteasyServer.start(application, false);
  }
}
