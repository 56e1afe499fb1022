package dev.gatehouse.examples.tomcat;

import dev.gatehouse.Guard;
import dev.gatehouse.examples.ApiServlet;
import dev.gatehouse.examples.ExampleApi;
import dev.gatehouse.examples.ExampleMain;
import dev.gatehouse.examples.RunningExample;
import dev.gatehouse.examples.Scenarios;
import dev.gatehouse.servlet.RequireAuthFilter;
import dev.gatehouse.testkit.MockIssuer;
import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.servlets.DefaultServlet;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.util.ServerInfo;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/**
 * Gatehouse in embedded Tomcat (11, and 10.1 unchanged): {@link RequireAuthFilter} in front of
 * {@link ApiServlet} on every path, with {@link ExampleApi#guard} deciding what each path needs.
 *
 * <p>Run it with {@code ./examples/run.sh tomcat}; tests start it on port 0:
 *
 * {@snippet :
 * try (RunningExample app = TomcatExample.start(issuer, 0)) {
 *   URI orders = app.uri("/api/orders");
 * }
 * }
 *
 * <p>Stateless and thread-safe.
 */
public final class TomcatExample {
  /** Held so that the level set in {@link #main} is not garbage collected with the logger. */
  private static final Logger TOMCAT_LOG = Logger.getLogger("org.apache");

  private TomcatExample() {}

  /** Starts the example on 127.0.0.1:{@code port} (0: any free port), trusting {@code issuer}. */
  public static RunningExample start(MockIssuer issuer, int port) {
    return start(ExampleApi.guard(issuer), port);
  }

  /**
   * Starts the example on 127.0.0.1:{@code port} (0: any free port), protected by {@code guard}.
   * Tomcat's work files go to a temporary directory, deleted on {@link RunningExample#close()}.
   *
   * @throws IllegalStateException if Tomcat does not start, such as when the port is taken
   */
  public static RunningExample start(Guard guard, int port) {
    Path baseDir = tempDir();
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(baseDir.toString());
    Connector connector = new Connector();
    connector.setProperty("address", "127.0.0.1");
    connector.setPort(port);
    // Fail at start, not later, when the port is taken.
    connector.setThrowOnFailure(true);
    tomcat.setConnector(connector);

    Context context = tomcat.addContext("", baseDir.toString());
    FilterDef filter = new FilterDef();
    filter.setFilterName("gatehouse");
    filter.setFilter(new RequireAuthFilter(guard));
    context.addFilterDef(filter);
    // Every path and every dispatch (forward, include, error page, async) goes through the filter;
    // the guard opens /health and asks more of /api/admin/*.
    FilterMap mapping = new FilterMap();
    mapping.setFilterName("gatehouse");
    mapping.addURLPattern("/*");
    for (DispatcherType type : DispatcherType.values()) {
      mapping.setDispatcher(type.name());
    }
    context.addFilterMap(mapping);
    // Tomcat runs filters only for a request it maps to a servlet: the default servlet (which a
    // standalone Tomcat maps at "/") lets the filter answer the logout receiver's path.
    Tomcat.addServlet(context, "default", new DefaultServlet());
    context.addServletMappingDecoded("/", "default");
    Tomcat.addServlet(context, "api", new ApiServlet());
    context.addServletMappingDecoded("/api/*", "api");
    context.addServletMappingDecoded("/health", "api");

    try {
      tomcat.start();
    } catch (LifecycleException | RuntimeException e) {
      Running.stop(tomcat, baseDir);
      throw new IllegalStateException("Tomcat did not start on port " + port, e);
    }
    return new Running(
        tomcat,
        baseDir,
        URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/"),
        guard.hasEndpoints());
  }

  /** Starts a mock issuer and the example, prints curl commands, and runs until stopped. */
  public static void main(String[] args) throws InterruptedException {
    // Tomcat logs every start-up step at INFO; keep the curl commands readable.
    TOMCAT_LOG.setLevel(Level.WARNING);
    ExampleMain.run(
        ServerInfo.getServerInfo(),
        Scenarios.SERVLET_ROUTES,
        args,
        TomcatExample::start,
        Scenarios::servletApi);
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("gatehouse-tomcat-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private record Running(Tomcat tomcat, Path baseDir, URI baseUri, boolean receivesLogouts)
      implements RunningExample {
    @Override
    public void close() {
      stop(tomcat, baseDir);
    }

    static void stop(Tomcat tomcat, Path baseDir) {
      try {
        tomcat.stop();
        tomcat.destroy();
      } catch (LifecycleException e) {
        throw new IllegalStateException("Tomcat did not stop", e);
      } finally {
        delete(baseDir);
      }
    }

    private static void delete(Path dir) {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      } catch (IOException e) {
        // Only temporary files are left behind.
      }
    }
  }
}
