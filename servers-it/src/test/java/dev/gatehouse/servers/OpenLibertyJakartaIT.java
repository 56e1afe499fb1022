package dev.gatehouse.servers;

import dev.gatehouse.testkit.MockIssuer;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

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

  private static @Nullable MockIssuer issuer;
  private static @Nullable OpenLiberty liberty;

  @BeforeAll
  static void deploy() throws Exception {
    issuer = MockIssuer.start();
    Path work = Path.of(System.getProperty("servers.work", "target/servers"), "liberty-jakarta");
    Path war = layOut(work.resolve("gatehouse"), issuer);
    Path wlp = Path.of(System.getProperty("openliberty.home", "openliberty.home is not set"));
    liberty = OpenLiberty.start(wlp, FEATURES, "", war, work, "gatehouse", "/whoami");
    System.out.printf(
        "Open Liberty (Jakarta Security) answered after %d ms; log: %s%n",
        liberty.startup().toMillis(), liberty.log());
  }

  @AfterAll
  static void stop() {
    try {
      if (liberty != null) {
        liberty.close();
      }
    } finally {
      if (issuer != null) {
        issuer.close();
      }
    }
  }

  @Override
  MockIssuer issuer() {
    return WebXmlWarContract.running(issuer);
  }

  @Override
  URI base() {
    return WebXmlWarContract.running(liberty).base();
  }
}
