package dev.gatehouse.jaxrs;

import io.undertow.Undertow;
import jakarta.ws.rs.core.Application;
import java.net.InetSocketAddress;
import java.net.URI;
import org.jboss.resteasy.core.ResteasyDeploymentImpl;
import org.jboss.resteasy.plugins.server.undertow.UndertowJaxrsServer;
import org.jboss.resteasy.spi.ResteasyDeployment;

/** RESTEasy on its embedded Undertow server. */
final class ResteasyServer implements JaxrsServer {
  private final Embedded server;
  private final URI base;

  private ResteasyServer(Embedded server) {
    this.server = server;
    this.base = URI.create("http://127.0.0.1:" + server.port() + "/");
  }

  /** Starts {@code application} with RESTEasy's standard {@code @RolesAllowed} support on. */
  static ResteasyServer start(Application application) {
    return start(application, true);
  }

  /** Starts {@code application} with RESTEasy's {@code @RolesAllowed} support on or off. */
  static ResteasyServer start(Application application, boolean roleBasedSecurity) {
    ResteasyDeployment deployment = new ResteasyDeploymentImpl();
    deployment.setApplication(application);
    // The programmatic form of the resteasy.role.based.security context parameter.
    deployment.setSecurityEnabled(roleBasedSecurity);
    Embedded server = new Embedded();
    server.start(Undertow.builder().addHttpListener(0, "127.0.0.1"));
    server.deploy(deployment);
    return new ResteasyServer(server);
  }

  @Override
  public URI uri(String path) {
    return base.resolve(path.startsWith("/") ? path.substring(1) : path);
  }

  @Override
  public void close() {
    server.stop();
  }

  /** Exposes the port Undertow bound, which the embedded server keeps to itself. */
  private static final class Embedded extends UndertowJaxrsServer {
    int port() {
      return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }
  }
}
