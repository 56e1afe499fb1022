package dev.gatehouse.jaxrs;

import jakarta.ws.rs.core.Application;

/** Issue 5 on RESTEasy 6.2 and its embedded Undertow, with role-based security on. */
final class ResteasyBearerAuthTest extends JaxrsContract {
  @Override
  String implementation() {
    return "org.jboss.resteasy";
  }

  @Override
  JaxrsServer start(Application application) {
    return ResteasyServer.start(application);
  }
}
