package dev.gatehouse.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.gatehouse.testkit.MockIssuer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

final class ExampleMainTest {
  @Test
  void portComesFromTheArgumentThenThePropertyThenTheDefault() {
    assertThat(ExampleMain.port(new String[] {"9090"}, "7070")).isEqualTo(9090);
    assertThat(ExampleMain.port(new String[0], "7070")).isEqualTo(7070);
    assertThat(ExampleMain.port(new String[0], null)).isEqualTo(8080);
    assertThat(ExampleMain.port(new String[0], " ")).isEqualTo(8080);
    assertThat(ExampleMain.port(new String[] {"0"}, null)).isZero();
  }

  @Test
  void portOutOfRangeOrNotANumberIsRejectedWithTheValue() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ExampleMain.port(new String[] {"65536"}, null))
        .withMessage("port must be an integer from 0 to 65535: 65536");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ExampleMain.port(new String[0], "http"))
        .withMessage("port must be an integer from 0 to 65535: http");
  }

  @Test
  void bannerNamesTheIssuerEveryCurlCommandWithItsAnswerAndHowToStop() {
    try (MockIssuer issuer = MockIssuer.start()) {
      RunningExample app =
          new RunningExample() {
            @Override
            public URI baseUri() {
              return URI.create("http://127.0.0.1:8080/");
            }

            @Override
            public void close() {}
          };
      List<Scenario> scenarios = Scenarios.servletApi(issuer);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      ExampleMain.printBanner(
          new PrintStream(bytes, true, StandardCharsets.UTF_8),
          "Jetty 12",
          Scenarios.SERVLET_ROUTES,
          issuer,
          app,
          scenarios);
      String banner = bytes.toString(StandardCharsets.UTF_8);

      assertThat(banner).contains("mock issuer: " + issuer.issuer(), "Press Ctrl+C to stop");
      for (int i = 0; i < scenarios.size(); i++) {
        Scenario scenario = scenarios.get(i);
        assertThat(banner)
            .contains(
                Scenarios.comment(i + 1, scenario)
                    + System.lineSeparator()
                    + scenario.curl(app.baseUri()));
      }
    }
  }

  @Test
  void commentGivesStatusChallengeAndBodyALineEach() {
    Scenario scenario =
        new Scenario(
            "expired token", "/api/orders", "t", 401, "Bearer error=\"invalid_token\"", "{}");

    assertThat(Scenarios.comment(2, scenario).split(System.lineSeparator()))
        .containsExactly(
            "# 2. expired token: expect 401",
            "#    WWW-Authenticate: Bearer error=\"invalid_token\"",
            "#    {}");
  }

  @Test
  void curlCommandSendsTheTokenAsABearerHeader() {
    Scenario withToken = new Scenario("t", "/api/orders", "abc.def.ghi", 200, null, "{}");
    Scenario without = new Scenario("t", "/health", null, 200, null, "{}");

    assertThat(withToken.curl(URI.create("http://127.0.0.1:8080/")))
        .isEqualTo(
            "curl -i http://127.0.0.1:8080/api/orders -H 'Authorization: Bearer abc.def.ghi'");
    assertThat(without.curl(URI.create("http://127.0.0.1:8080/")))
        .isEqualTo("curl -i http://127.0.0.1:8080/health");
  }
}
