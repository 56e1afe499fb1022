package dev.gatehouse.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The arguments of {@code java -jar filter-testkit-all.jar} and what it prints (issue 18). */
final class MockIssuerCommandTest {

  @Test
  void issuerUrlSetsPortAndPath() {
    try (MockIssuer issuer =
        MockIssuerCommand.builder(List.of("--issuer", "http://127.0.0.1:0/realms/test")).start()) {
      assertThat(issuer.issuer()).startsWith("http://127.0.0.1:").endsWith("/realms/test");
    }
  }

  @Test
  void printsThePortFirstAndTheSettingsToPaste() {
    try (MockIssuer issuer =
        MockIssuerCommand.builder(List.of("--port", "0", "--audience", "orders-api")).start()) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      MockIssuerCommand.describe(issuer, new PrintStream(bytes, true, StandardCharsets.UTF_8));
      List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
      assertThat(lines.get(0))
          .isEqualTo(MockIssuerCommand.LISTENING + issuer.issuerUri().getPort());
      assertThat(lines)
          .contains(
              "  issuer=" + issuer.issuer(),
              "  jwks-uri=" + issuer.jwksUri(),
              "  audience=orders-api");
    }
  }

  @Test
  void badArgumentsNameTheArgument() {
    assertThatThrownBy(() -> MockIssuerCommand.builder(List.of("--port", "http")))
        .hasMessage("--port must be a number from 0 to 65535: http");
    assertThatThrownBy(() -> MockIssuerCommand.builder(List.of("--port", "70000")))
        .hasMessage("--port must be a number from 0 to 65535: 70000");
    assertThatThrownBy(() -> MockIssuerCommand.builder(List.of("--port")))
        .hasMessage("--port needs a value");
    assertThatThrownBy(() -> MockIssuerCommand.builder(List.of("--colour", "red")))
        .hasMessage("unknown option: --colour");
    assertThatThrownBy(() -> MockIssuerCommand.builder(List.of("9000")))
        .hasMessage("unknown argument: 9000");
    assertThatThrownBy(() -> MockIssuerCommand.builder(List.of("--algorithm", "HS256")).start())
        .hasMessageStartingWith("alg must be one of");
    assertThatThrownBy(
            () -> MockIssuerCommand.builder(List.of("--issuer", "https://idp.example.com:9000")))
        .hasMessageStartingWith("--issuer must be http://127.0.0.1:<port>");
    assertThatThrownBy(() -> MockIssuerCommand.builder(List.of("--issuer", "http://127.0.0.1/x")))
        .hasMessageStartingWith("--issuer must be http://127.0.0.1:<port>");
    assertThatThrownBy(
            () ->
                MockIssuerCommand.builder(
                    List.of("--port", "9000", "--issuer", "http://127.0.0.1:9001")))
        .hasMessage("--port 9000 and the port of --issuer http://127.0.0.1:9001 differ");
  }

  @Test
  void aFixedPortIsUsedAndATakenOneIsRefusedClearly() {
    try (MockIssuer first = MockIssuer.start()) {
      int port = first.issuerUri().getPort();
      assertThatThrownBy(() -> MockIssuer.builder().port(port).start())
          .isInstanceOf(java.io.UncheckedIOException.class)
          .hasMessageStartingWith("cannot bind a server to 127.0.0.1:" + port);
    }
    assertThatThrownBy(() -> MockIssuer.builder().port(-1))
        .hasMessage("port must be between 0 and 65535: -1");
  }
}
