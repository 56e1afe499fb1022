package dev.gatehouse.servers;

import java.nio.file.Path;
import java.util.List;

/** The Jakarta Security WAR on a real Open Liberty 26: the checks of {@link JakartaWarContract}. */
final class OpenLibertyJakartaIT extends JakartaWarContract {
  /** Servlets, CDI, Jakarta Security, enterprise beans, Jakarta REST and MicroProfile Config. */
  static final List<String> FEATURES =
      List.of(
          "servlet-6.0",
          "cdi-4.0",
          "appSecurity-5.0",
          "enterpriseBeansLite-4.0",
          "restfulWS-3.1",
          "mpConfig-3.1");

  @Override
  String name() {
    return "liberty-jakarta";
  }

  @Override
  Deployed start(Path war, Path work) throws Exception {
    Path wlp = Path.of(System.getProperty("openliberty.home", "openliberty.home is not set"));
    return OpenLiberty.start(wlp, FEATURES, "", war, work, "gatehouse", "/whoami");
  }
}
