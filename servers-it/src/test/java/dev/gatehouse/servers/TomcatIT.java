package dev.gatehouse.servers;

import dev.gatehouse.testkit.MockIssuer;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The sample WAR on a real Apache Tomcat 11 distribution, started as a process of its own: the
 * checks of {@link WebXmlWarContract}. Tomcat has no Jakarta REST, so this WAR bundles Jersey,
 * which hands the application servlet's {@code gatehouse.*} init-params to {@code BearerAuthFilter}
 * as configuration properties; nothing else differs. {@link Tomcat10IT} runs the same on Tomcat
 * 10.1.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TomcatIT extends WebXmlWarContract {
  private @Nullable MockIssuer issuer;
  private @Nullable Tomcat tomcat;

  /**
   * The name of this Tomcat: its work directory below {@code servers.work}, and with {@code .home}
   * the system property naming its distribution ({@code CATALINA_HOME}).
   */
  String name() {
    return "tomcat";
  }

  @BeforeAll
  void deploy() throws Exception {
    issuer = MockIssuer.start();
    Path work = Path.of(System.getProperty("servers.work", "target/servers"), name());
    Path war = ExplodedWar.layOutWithJersey(work.resolve("gatehouse"), issuer);
    String homeProperty = name() + ".home";
    Path home = Path.of(System.getProperty(homeProperty, homeProperty + " is not set"));
    tomcat = Tomcat.start(home, war, work, "gatehouse", "/api/health");
    System.out.printf(
        "Tomcat answered after %d ms (Tomcat says started in %s); log: %s%n",
        tomcat.startup().toMillis(), tomcat.reportedStartup().orElse("?"), tomcat.log());
  }

  @AfterAll
  void stop() {
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
