package dev.gatehouse.servers;

import dev.gatehouse.testkit.MockIssuer;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The sample WAR, the same one {@link PayaraMicroIT} deploys, on a real WildFly 39 started as a
 * process of its own: the checks of {@link WebXmlWarContract}.
 */
final class WildFlyIT extends WebXmlWarContract {
  private static @Nullable MockIssuer issuer;
  private static @Nullable WildFly wildFly;

  @BeforeAll
  static void deploy() throws Exception {
    issuer = MockIssuer.start();
    Path work = Path.of(System.getProperty("servers.work", "target/servers"), "wildfly");
    Path war = ExplodedWar.layOut(work.resolve("gatehouse"), issuer);
    Path home = Path.of(System.getProperty("wildfly.home", "wildfly.home is not set"));
    // RESTEasy does not make servlet init-params JAX-RS properties (its ConfigurationBootstrap
    // copies only its own resteasy.* parameters), so BearerAuthFilter would find no gatehouse.*
    // setting and fail the deployment. The same values, taken from the WAR's web.xml, reach it as
    // system properties instead: the container-wide defaults of the README's "Where settings come
    // from".
    Map<String, String> jaxrsSettings =
        ExplodedWar.initParams(war, BooksApplication.class.getName());
    wildFly = WildFly.start(home, war, work, "gatehouse", "/api/health", jaxrsSettings);
    System.out.printf(
        "WildFly answered after %d ms (WildFly says started in %s); log: %s%n",
        wildFly.startup().toMillis(), wildFly.reportedStartup().orElse("?"), wildFly.log());
  }

  @AfterAll
  static void stop() {
    try {
      if (wildFly != null) {
        wildFly.close();
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
    return running(wildFly).base();
  }

  @Override
  String serverLog() {
    return running(wildFly).logText();
  }

  @Override
  List<String> errorMarkers() {
    return List.of(" ERROR ", "Exception");
  }
}
