package dev.gatehouse.servers;

import dev.gatehouse.testkit.MockIssuer;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The sample WAR on a real Apache Tomcat 11 distribution, started as a process of its own: the
 * checks of {@link WebXmlWarContract}. Tomcat has no Jakarta REST, so this WAR bundles Jersey,
 * which hands the application servlet's {@code gatehouse.*} init-params to {@code BearerAuthFilter}
 * as configuration properties; nothing else differs.
 */
final class TomcatIT extends WebXmlWarContract {
  private static @Nullable MockIssuer issuer;
  private static @Nullable Tomcat tomcat;

  @BeforeAll
  static void deploy() throws Exception {
    issuer = MockIssuer.start();
    Path work = Path.of(System.getProperty("servers.work", "target/servers"), "tomcat");
    Path war = ExplodedWar.layOutWithJersey(work.resolve("gatehouse"), issuer);
    Path home = Path.of(System.getProperty("tomcat.home", "tomcat.home is not set"));
    tomcat = Tomcat.start(home, war, work, "gatehouse", "/api/health");
    System.out.printf(
        "Tomcat answered after %d ms (Tomcat says started in %s); log: %s%n",
        tomcat.startup().toMillis(), tomcat.reportedStartup().orElse("?"), tomcat.log());
  }

  @AfterAll
  static void stop() {
    try {
      if (tomcat != null) {
        tomcat.close();
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
    return running(tomcat).base();
  }

  @Override
  String serverLog() {
    return running(tomcat).logText();
  }

  @Override
  List<String> errorMarkers() {
    return List.of("SEVERE", "Exception");
  }
}
