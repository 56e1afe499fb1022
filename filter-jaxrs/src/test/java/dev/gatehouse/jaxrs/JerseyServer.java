package dev.gatehouse.jaxrs;

import com.sun.net.httpserver.HttpServer;
import jakarta.ws.rs.core.Application;
import java.net.URI;
import org.glassfish.jersey.jdkhttp.JdkHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature;

/** Jersey on the JDK's own HTTP server: Jakarta REST with no servlet container at all. */
final class JerseyServer implements JaxrsServer {
  private final HttpServer server;
  private final URI base;

  private JerseyServer(HttpServer server) {
    this.server = server;
    this.base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  /** Starts {@code application} with Jersey's standard {@code @RolesAllowed} support. */
  static JerseyServer start(Application application) {
    return start(
        ResourceConfig.forApplication(application).register(RolesAllowedDynamicFeature.class));
  }

  static JerseyServer start(ResourceConfig config) {
    // WADL needs JAXB, which this class path does not have; without it Jersey warns on every start.
    config.property(ServerProperties.WADL_FEATURE_DISABLE, true);
    return new JerseyServer(
        JdkHttpServerFactory.createHttpServer(URI.create("http://127.0.0.1:0/"), config));
  }

  @Override
  public URI uri(String path) {
    return base.resolve(path.startsWith("/") ? path.substring(1) : path);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
