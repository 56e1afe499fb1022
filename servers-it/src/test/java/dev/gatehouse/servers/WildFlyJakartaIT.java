package dev.gatehouse.servers;

import dev.gatehouse.testkit.MockIssuer;
import java.net.URI;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The Jakarta Security WAR on a real WildFly 39: the checks of {@link JakartaWarContract}. */
final class WildFlyJakartaIT extends JakartaWarContract {
  private static @Nullable MockIssuer issuer;
  private static @Nullable WildFly wildFly;

  @BeforeAll
  static void deploy() throws Exception {
    issuer = MockIssuer.start();
    Path work = Path.of(System.getProperty("servers.work", "target/servers"), "wildfly-jakarta");
    Path war = layOut(work.resolve("gatehouse"), issuer);
    Path home = Path.of(System.getProperty("wildfly.home", "wildfly.home is not set"));
    wildFly =
        WildFly.start(home, war, work, "gatehouse", "/whoami", WildFlyJakartaIT::adHocIdentities);
    System.out.printf(
        "WildFly (Jakarta Security) answered after %d ms; log: %s%n",
        wildFly.startup().toMillis(), wildFly.log());
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

  /**
   * The one server switch the mechanism needs: {@code integrated-jaspi="false"} on Undertow's
   * {@code other} application security domain, which every WAR with security constraints uses.
   * Integrated, Elytron looks the mechanism's caller up in {@code ApplicationDomain}'s user store,
   * finds no {@code alice}, and answers 500 ({@code ELY01177: Authorization failed}); ad hoc, the
   * identity is the caller and groups the mechanism reports, the groups being the roles.
   */
  static String adHocIdentities(String standaloneXml) {
    String integrated =
        "<application-security-domain name=\"other\" security-domain=\"ApplicationDomain\"/>";
    int undertow = standaloneXml.indexOf("<subsystem xmlns=\"urn:jboss:domain:undertow:");
    int at = standaloneXml.indexOf(integrated, undertow);
    if (undertow < 0 || at < 0) {
      throw new IllegalStateException("standalone.xml changed: revisit the ad hoc identities");
    }
    return standaloneXml.substring(0, at)
        + "<application-security-domain name=\"other\" security-domain=\"ApplicationDomain\""
        + " integrated-jaspi=\"false\"/>"
        + standaloneXml.substring(at + integrated.length());
  }

  @Override
  MockIssuer issuer() {
    return WebXmlWarContract.running(issuer);
  }

  @Override
  URI base() {
    return WebXmlWarContract.running(wildFly).base();
  }
}
