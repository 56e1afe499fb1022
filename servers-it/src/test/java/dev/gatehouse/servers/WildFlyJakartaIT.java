package dev.gatehouse.servers;

import java.nio.file.Path;

/** The Jakarta Security WAR on a real WildFly 39: the checks of {@link JakartaWarContract}. */
final class WildFlyJakartaIT extends JakartaWarContract {
  @Override
  String name() {
    return "wildfly-jakarta";
  }

  @Override
  Deployed start(Path war, Path work) throws Exception {
    Path home = Path.of(System.getProperty("wildfly.home", "wildfly.home is not set"));
    return WildFly.start(
        home, war, work, "gatehouse", "/whoami", WildFlyJakartaIT::adHocIdentities);
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
}
