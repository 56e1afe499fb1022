package dev.gatehouse.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.AuditLog;
import dev.gatehouse.testkit.MockIssuer;
import dev.gatehouse.testkit.MockIssuerExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 18's audit lines, read from the log output of a real Jetty with a real mock issuer (the
 * test's slf4j-simple writes INFO of {@code dev.gatehouse.audit} to the standard error).
 */
@ExtendWith(MockIssuerExtension.class)
final class AuditLogTest {
  private MockIssuer issuer;
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
  private PrintStream original;

  @BeforeEach
  void start(MockIssuer issuer) {
    this.issuer = issuer;
    original = System.err;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void stop() {
    System.setErr(original);
  }

  private TestServer server(String... settings) {
    Map<String, String> params = new HashMap<>();
    params.put("issuer", issuer.issuer());
    params.put("jwks-uri", issuer.jwksUri().toString());
    params.put("audience", "api");
    params.put("required-scopes", "orders.read");
    params.put("audit", "true");
    params.put("backchannel-logout-path", "/logout");
    params.put("backchannel-logout-audience", "web");
    for (int i = 0; i < settings.length; i += 2) {
      params.put(settings[i], settings[i + 1]);
    }
    return TestServer.start(RequireAuthFilter.class, params);
  }

  /** The audit lines logged so far, without slf4j-simple's prefix. */
  private List<String> lines() {
    return Arrays.stream(captured.toString(StandardCharsets.UTF_8).split("\n"))
        .filter(line -> line.contains(AuditLog.LOGGER + " - "))
        .map(line -> line.substring(line.indexOf(AuditLog.LOGGER + " - ") + 22))
        .toList();
  }

  @Test
  void aRefusalIsOneJsonLineWithItsRequestIdPathAndReasonButNeverTheToken() {
    String expired = issuer.token().subject("alice").expiresIn(Duration.ofMinutes(-5)).sign();
    try (TestServer server = server()) {
      server.get("/api/orders", "Authorization", "Bearer " + expired, "X-Request-Id", "req-42");
    }

    assertThat(lines())
        .containsExactly(
            "{\"event\":\"refused\",\"request_id\":\"req-42\",\"path\":\"/api/orders\","
                + "\"reason\":\"expired\",\"status\":401}");
    assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain(expired);
  }

  @Test
  void theSubjectIsHashedByDefaultAndCanBePlainOrLeftOut() {
    String bob = issuer.token().subject("bob").sign();
    String hash =
        "sha256:"
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(sha256("bob".getBytes(StandardCharsets.UTF_8)));
    try (TestServer server = server()) {
      server.bearer("/api/orders", bob);
    }
    try (TestServer server = server("audit-subject", "plain")) {
      server.bearer("/api/orders", bob);
    }
    try (TestServer server = server("audit-subject", "none")) {
      server.bearer("/api/orders", bob);
    }

    List<String> lines = lines();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0))
        .contains("\"issuer\":\"" + issuer.issuer() + "\"", "\"subject\":\"" + hash + "\"")
        .contains("\"reason\":\"insufficient_scope\",\"status\":403")
        .doesNotContain("\"bob\"");
    assertThat(lines.get(1)).contains("\"subject\":\"bob\"");
    assertThat(lines.get(2)).doesNotContain("subject");
  }

  @Test
  void clientValuesAreEscapedBoundedAndAMalformedRequestIdIsReplaced() {
    String path = "/api/" + "\u2028\"x".repeat(200);
    try (TestServer server = server()) {
      assertThat(
              server
                  .get(
                      "/api/" + "%E2%80%A8%22x".repeat(200),
                      "X-Request-Id",
                      "forged\", \"reason\":\"none")
                  .statusCode())
          .isEqualTo(401);
    }

    List<String> lines = lines();
    assertThat(lines).singleElement().asString().doesNotContain("\u2028", "forged");
    String line = lines.get(0);
    assertThat(line).matches("\\{\"event\":\"refused\",\"request_id\":\"[0-9a-f-]{36}\".*");
    assertThat(line)
        .contains("\\u2028\\\"x")
        .endsWith("...\",\"reason\":\"missing_token\",\"status\":401}");
    assertThat(line.length()).isLessThan(path.length() * 2);
  }

  @Test
  void aRevocationIsOneLine() {
    try (TestServer server = server()) {
      String logout = issuer.logoutToken("web").claim("sid", "session-7").sign();
      assertThat(MockIssuer.deliverLogout(server.uri("/logout"), logout).status()).isEqualTo(200);
    }

    assertThat(lines())
        .singleElement()
        .asString()
        .startsWith("{\"event\":\"revoked\",\"request_id\":\"")
        .contains("\"issuer\":\"" + issuer.issuer() + "\",\"kind\":\"session\",\"value\":\"sha256:")
        .doesNotContain("session-7");
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
