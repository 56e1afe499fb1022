package dev.gatehouse.jaxrs;

import jakarta.ws.rs.core.Application;
import java.net.URI;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature;
import org.glassfish.jersey.servlet.ServletContainer;

/** Jersey as a servlet in Jetty 12, mapped at {@code /*}, on 127.0.0.1. */
final class JerseyServletServer implements JaxrsServer {
  private final ServletServer jetty;

  private JerseyServletServer(ServletServer jetty) {
    this.jetty = jetty;
  }

  /** Starts {@code application} with Jersey's standard {@code @RolesAllowed} support. */
  static JerseyServletServer start(Application application) {
    return start(
        ResourceConfig.forApplication(application).register(RolesAllowedDynamicFeature.class));
  }

  static JerseyServletServer start(ResourceConfig config) {
    config.property(ServerProperties.WADL_FEATURE_DISABLE, true);
    ServletContextHandler context = new ServletContextHandler();
    context.addServlet(new ServletHolder(new ServletContainer(config)), "/*");
    return new JerseyServletServer(ServletServer.start(context));
  }

  @Override
  public URI uri(String path) {
    return jetty.uri(path);
  }

  @Override
  public void close() {
    jetty.close();
  }
}
