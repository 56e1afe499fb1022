package dev.gatehouse.servers;

import dev.gatehouse.testkit.MockIssuer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The sample WAR on a real Jetty 12 distribution (ee10), started as a process of its own: the
 * checks of {@link WebXmlWarContract}. Jetty has no Jakarta REST, so this WAR bundles Jersey, which
 * hands the application servlet's {@code gatehouse.*} init-params to {@code BearerAuthFilter} as
 * configuration properties; nothing else differs.
 */
final class JettyIT extends WebXmlWarContract {
  @Override
  String name() {
    return "jetty";
  }

  @Override
  Path layOut(Path dir, MockIssuer issuer) throws IOException {
    return ExplodedWar.layOutWithJersey(dir, issuer);
  }

  @Override
  Deployed start(Path war, Path work) throws Exception {
    Path home = Path.of(System.getProperty("jetty.home", "jetty.home is not set"));
    return Jetty.start(home, war, work, "gatehouse", "/api/health");
  }

  @Override
  List<String> errorMarkers() {
    return List.of(":WARN :", ":ERROR:", "Exception");
  }
}
