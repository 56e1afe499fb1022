package dev.gatehouse.jaxrs;

import jakarta.ws.rs.core.Application;
import java.net.URI;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature;
import org.glassfish.jersey.servlet.ServletContainer;

/** Jersey as a servlet in Jetty 12, mapped at {@code /*}, on 127.0.0.1. */
final class JerseyServletServer implements JaxrsServer {
  private final Server server;
  private final URI base;

  private JerseyServletServer(Server server, URI base) {
    this.server = server;
    this.base = base;
  }

  /** Starts {@code application} with Jersey's standard {@code @RolesAllowed} support. */
  static JerseyServletServer start(Application application) {
    return start(
        ResourceConfig.forApplication(application).register(RolesAllowedDynamicFeature.class));
  }

  static JerseyServletServer start(ResourceConfig config) {
    config.property(ServerProperties.WADL_FEATURE_DISABLE, true);
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addServlet(new ServletHolder(new ServletContainer(config)), "/*");
    server.setHandler(context);
    try {
      server.start();
    } catch (Exception e) {
      throw new IllegalStateException("Jetty did not start", e);
    }
    return new JerseyServletServer(
        server, URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/"));
  }

  @Override
  public URI uri(String path) {
    return base.resolve(path.startsWith("/") ? path.substring(1) : path);
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("Jetty did not stop", e);
    }
  }
}
