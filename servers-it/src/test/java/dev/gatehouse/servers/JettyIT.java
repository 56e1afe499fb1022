package dev.gatehouse.servers;

import dev.gatehouse.testkit.MockIssuer;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The sample WAR on a real Jetty 12 distribution (ee10), started as a process of its own: the
 * checks of {@link WebXmlWarContract}. Jetty has no Jakarta REST, so this WAR bundles Jersey, which
 * hands the application servlet's {@code gatehouse.*} init-params to {@code BearerAuthFilter} as
 * configuration properties; nothing else differs.
 */
final class JettyIT extends WebXmlWarContract {
  private static @Nullable MockIssuer issuer;
  private static @Nullable Jetty jetty;

  @BeforeAll
  static void deploy() throws Exception {
    issuer = MockIssuer.start();
    Path work = Path.of(System.getProperty("servers.work", "target/servers"), "jetty");
    Path war = ExplodedWar.layOutWithJersey(work.resolve("gatehouse"), issuer);
    Path home = Path.of(System.getProperty("jetty.home", "jetty.home is not set"));
    jetty = Jetty.start(home, war, work, "gatehouse", "/api/health");
    System.out.printf(
        "Jetty answered after %d ms (Jetty says started in %s); log: %s%n",
        jetty.startup().toMillis(), jetty.reportedStartup().orElse("?"), jetty.log());
  }

  @AfterAll
  static void stop() {
    try {
      if (jetty != null) {
        jetty.close();
      }
    } finally {
      if (issuer != null) {
        issuer.close();
      }
    }
  }

  @Override
  MockIssuer issuer() {
    return running(issuer);
  }

  @Override
  URI base() {
    return running(jetty).base();
  }

  @Override
  String serverLog() {
    return running(jetty).logText();
  }

  @Override
  List<String> errorMarkers() {
    // Jetty's own levels; Jersey's JUL warnings about the absent JAXB and Activation are expected.
    return List.of(":WARN :", ":ERROR:", "Exception");
  }
}
