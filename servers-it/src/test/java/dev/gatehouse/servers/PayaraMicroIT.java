package dev.gatehouse.servers;

import dev.gatehouse.testkit.MockIssuer;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The sample WAR on a real Payara Micro 6, started as a process of its own: the checks of {@link
 * WebXmlWarContract}, with Payara's own {@code @RolesAllowed} handling switched off by {@code
 * payara-web.xml}.
 */
final class PayaraMicroIT extends WebXmlWarContract {
  private static @Nullable MockIssuer issuer;
  private static @Nullable PayaraMicro payara;

  @BeforeAll
  static void deploy() throws Exception {
    issuer = MockIssuer.start();
    Path work = Path.of(System.getProperty("servers.work", "target/servers"), "payara-micro");
    Path war = ExplodedWar.layOut(work.resolve("gatehouse"), issuer);
    Path jar = Path.of(System.getProperty("payara.micro.jar", "payara.micro.jar is not set"));
    payara = PayaraMicro.start(jar, war, work, "gatehouse", "/api/health");
    System.out.printf(
        "Payara Micro answered after %d ms (Payara says ready in %s); log: %s%n",
        payara.startup().toMillis(), payara.reportedStartup().orElse("?"), payara.log());
  }

  @AfterAll
  static void stop() {
    try {
      if (payara != null) {
        payara.close();
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
    return running(payara).base();
  }

  @Override
  String serverLog() {
    return running(payara).logText();
  }

  @Override
  List<String> errorMarkers() {
    // A failed deployment still ends in "ready"; Payara's own @RolesAllowed filter fails it so.
    return List.of("SEVERE", "Exception");
  }
}
