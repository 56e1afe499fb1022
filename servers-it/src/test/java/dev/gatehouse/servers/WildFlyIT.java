package dev.gatehouse.servers;

import dev.gatehouse.testkit.MockIssuer;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
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
    // No system properties: RESTEasy's MicroProfile Config sources on WildFly answer for the JAX-RS
    // servlet's init-params, and BearerAuthFilter reads MicroProfile Config.
    wildFly = WildFly.start(home, war, work, "gatehouse", "/api/health", xml -> xml);
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
