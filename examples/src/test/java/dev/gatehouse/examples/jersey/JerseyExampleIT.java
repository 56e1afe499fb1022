package dev.gatehouse.examples.jersey;

import dev.gatehouse.examples.RunningExample;
import dev.gatehouse.examples.ScenarioCheck;
import dev.gatehouse.testkit.MockIssuer;
import org.junit.jupiter.api.Test;

/** The Jersey example answers every printed curl command as printed (issue 6). */
final class JerseyExampleIT {
  @Test
  void answersEveryPrintedScenarioAsPrinted() {
    try (MockIssuer issuer = MockIssuer.start();
        RunningExample app = JerseyExample.start(issuer, 0)) {
      ScenarioCheck.runAll(app.baseUri(), JerseyExample.scenarios(issuer));
    }
  }
}
