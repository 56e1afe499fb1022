package dev.gatehouse.servers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testkit.MockIssuer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Gatehouse as the Jakarta Security mechanism ({@code filter-jakarta}) of a WAR on a real Payara
 * Micro 6, turned on by MicroProfile Config alone: the server's own security (servlet security
 * constraints, {@code isUserInRole}, Jakarta Security's {@code SecurityContext}) sees the token's
 * subject and roles, CDI injects the {@code Auth} and a claim, and refusals are Gatehouse's.
 */
final class PayaraMicroJakartaIT {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static @Nullable MockIssuer issuer;
  private static @Nullable PayaraMicro payara;

  @BeforeAll
  static void deploy() throws Exception {
    issuer = MockIssuer.start();
    Path work = Path.of(System.getProperty("servers.work", "target/servers"), "payara-jakarta");
    Path war =
        ExplodedWar.layOut(
            work.resolve("gatehouse"),
            issuer,
            "war.jakarta.webapp",
            List.of("filter-jaxrs-", "Books", "Health"));
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

  private static MockIssuer issuer() {
    if (issuer == null) {
      throw new IllegalStateException("no issuer");
    }
    return issuer;
  }

  private static HttpResponse<String> get(String path, @Nullable String token) throws Exception {
    if (payara == null) {
      throw new IllegalStateException("Payara did not start");
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(payara.base().resolve(path.substring(1)))
            .timeout(Duration.ofSeconds(20));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theServersSecuritySeesTheCallerTheRolesAndTheInjectedAuth() throws Exception {
    String reader =
        issuer().token().subject("alice").roles("reader").claim("email", "a@example.com").sign();
    HttpResponse<String> secure = get("/secure", reader);
    assertThat(secure.statusCode()).isEqualTo(200);
    assertThat(secure.body())
        .isEqualTo(
            "user=alice caller=alice reader=true admin=false auth=alice email=a@example.com");
    // Open resources pass without a token, anonymously.
    assertThat(get("/whoami", null).body()).startsWith("user=null caller=null reader=false");
  }

  @Test
  void refusalsAreGatehouses() throws Exception {
    HttpResponse<String> missing = get("/secure", null);
    assertThat(missing.statusCode()).isEqualTo(401);
    assertThat(missing.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    assertThat(missing.body())
        .isEqualTo("{\"error\":{\"code\":\"missing_token\",\"message\":\"no bearer token\"}}");
    String expired =
        issuer()
            .token()
            .issuedAt(Instant.now().minus(Duration.ofHours(2)))
            .expiresAt(Instant.now().minus(Duration.ofHours(1)))
            .sign();
    HttpResponse<String> old = get("/whoami", expired);
    assertThat(old.statusCode()).isEqualTo(401);
    assertThat(old.body()).contains("token expired");
    HttpResponse<String> elsewhere = get("/secure", issuer().token().audience("other").sign());
    assertThat(elsewhere.statusCode()).isEqualTo(401);
    assertThat(elsewhere.body()).contains("audience not accepted");
    assertThat(elsewhere.headers().firstValue("WWW-Authenticate").orElseThrow())
        .startsWith("Bearer error=\"invalid_token\"")
        .doesNotContain("Basic");
  }

  @Test
  void aCallerWithoutTheRoleIsRefusedByTheServer() throws Exception {
    String reader = issuer().token().subject("alice").roles("reader").sign();
    assertThat(get("/admin", reader).statusCode()).isEqualTo(403);
    String admin = issuer().token().subject("root").roles("admin").sign();
    assertThat(get("/admin", admin).statusCode()).isEqualTo(200);
  }
}
