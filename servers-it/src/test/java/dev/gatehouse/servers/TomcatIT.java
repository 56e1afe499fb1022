package dev.gatehouse.servers;

import dev.gatehouse.testkit.MockIssuer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The sample WAR on a real Apache Tomcat 11 distribution, started as a process of its own: the
 * checks of {@link WebXmlWarContract}. Tomcat has no Jakarta REST, so this WAR bundles Jersey,
 * which hands the application servlet's {@code gatehouse.*} init-params to {@code BearerAuthFilter}
 * as configuration properties; nothing else differs. {@link Tomcat10IT} runs the same on Tomcat
 * 10.1.
 */
class TomcatIT extends WebXmlWarContract {
  /**
   * The name of this Tomcat: its work directory below {@code servers.work}, and with {@code .home}
   * the system property naming its distribution ({@code CATALINA_HOME}).
   */
  @Override
  String name() {
    return "tomcat";
  }

  @Override
  Path layOut(Path dir, MockIssuer issuer) throws IOException {
    return ExplodedWar.layOutWithJersey(dir, issuer);
  }

  @Override
  Deployed start(Path war, Path work) throws Exception {
    String homeProperty = name() + ".home";
    Path home = Path.of(System.getProperty(homeProperty, homeProperty + " is not set"));
    return Tomcat.start(home, war, work, "gatehouse", "/api/health");
  }

  @Override
  List<String> errorMarkers() {
    return List.of("SEVERE", "Exception");
  }
}
