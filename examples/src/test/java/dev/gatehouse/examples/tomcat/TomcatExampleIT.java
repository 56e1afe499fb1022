package dev.gatehouse.examples.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.examples.RunningExample;
import dev.gatehouse.examples.ScenarioCheck;
import dev.gatehouse.examples.Scenarios;
import dev.gatehouse.testkit.MockIssuer;
import org.apache.catalina.util.ServerInfo;
import org.junit.jupiter.api.Test;

/**
 * The Tomcat example answers every printed curl command as printed (issue 6). Failsafe runs it
 * twice: on Tomcat 11 and on Tomcat 10.1 ({@code expected.tomcat.version} says which).
 */
final class TomcatExampleIT {
  @Test
  void thePrintedBackChannelLogoutRevokesThePrintedToken() {
    try (MockIssuer issuer = MockIssuer.start();
        RunningExample app = TomcatExample.start(issuer, 0)) {
      ScenarioCheck.logoutAsPrinted(issuer, app);
    }
  }

  @Test
  void answersEveryPrintedScenarioAsPrinted() {
    try (MockIssuer issuer = MockIssuer.start();
        RunningExample app = TomcatExample.start(issuer, 0)) {
      ScenarioCheck.runAll(app.baseUri(), Scenarios.servletApi(issuer));
    }
  }

  @Test
  void runsOnTheTomcatVersionUnderTest() {
    String expected = System.getProperty("expected.tomcat.version");
    assertThat(expected)
        .as("system property expected.tomcat.version, set by failsafe")
        .isNotBlank();
    assertThat(ServerInfo.getServerNumber()).startsWith(expected);
  }
}
