package dev.gatehouse.servers;

import java.nio.file.Path;
import java.util.List;

/**
 * The sample WAR, the same one {@link PayaraMicroIT} deploys, on a real WildFly 39 started as a
 * process of its own: the checks of {@link WebXmlWarContract}. No system properties and no server
 * switch: {@code BearerAuthFilter} reads the WAR's MicroProfile Config.
 */
final class WildFlyIT extends WebXmlWarContract {
  @Override
  String name() {
    return "wildfly";
  }

  @Override
  Deployed start(Path war, Path work) throws Exception {
    Path home = Path.of(System.getProperty("wildfly.home", "wildfly.home is not set"));
    return WildFly.start(home, war, work, "gatehouse", "/api/health", xml -> xml);
  }

  @Override
  List<String> errorMarkers() {
    return List.of(" ERROR ", "Exception");
  }
}
