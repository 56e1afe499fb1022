package dev.gatehouse.servers;

import dev.gatehouse.testkit.MockIssuer;
import java.net.URI;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The Jakarta Security WAR on a real Payara Micro 6: the checks of {@link JakartaWarContract}. */
final class PayaraMicroJakartaIT extends JakartaWarContract {
  private static @Nullable MockIssuer issuer;
  private static @Nullable PayaraMicro payara;

  @BeforeAll
  static void deploy() throws Exception {
    issuer = MockIssuer.start();
    Path work = Path.of(System.getProperty("servers.work", "target/servers"), "payara-jakarta");
    Path war = layOut(work.resolve("gatehouse"), issuer);
    Path jar = Path.of(System.getProperty("payara.micro.jar", "payara.micro.jar is not set"));
    payara = PayaraMicro.start(jar, war, work, "gatehouse", "/whoami");
    System.out.printf(
        "Payara Micro (Jakarta Security) answered after %d ms; log: %s%n",
        payara.startup().toMillis(), payara.log());
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
    return WebXmlWarContract.running(issuer);
  }

  @Override
  URI base() {
    return WebXmlWarContract.running(payara).base();
  }
}
