package dev.gatehouse.examples.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.examples.RunningExample;
import dev.gatehouse.examples.ScenarioCheck;
import dev.gatehouse.examples.Scenarios;
import dev.gatehouse.testkit.MockIssuer;
import org.eclipse.jetty.util.Jetty;
import org.junit.jupiter.api.Test;

/** The Jetty example answers every printed curl command as printed (issue 6). */
final class JettyExampleIT {
  @Test
  void thePrintedBackChannelLogoutRevokesThePrintedToken() {
    try (MockIssuer issuer = MockIssuer.start();
        RunningExample app = JettyExample.start(issuer, 0)) {
      ScenarioCheck.logoutAsPrinted(issuer, app);
    }
  }

  @Test
  void answersEveryPrintedScenarioAsPrinted() {
    try (MockIssuer issuer = MockIssuer.start();
        RunningExample app = JettyExample.start(issuer, 0)) {
      ScenarioCheck.runAll(app.baseUri(), Scenarios.servletApi(issuer));
    }
  }

  @Test
  void runsOnJetty12() {
    assertThat(Jetty.VERSION).startsWith("12.");
  }
}
