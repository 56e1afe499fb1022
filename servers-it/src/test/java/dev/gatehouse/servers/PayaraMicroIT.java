package dev.gatehouse.servers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testkit.MockIssuer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sample WAR on a real Payara Micro 6, started as a process of its own: the servlet filter
 * configured by {@code web.xml} and the JAX-RS filter configured by the application servlet's
 * init-params answer as on every other runtime, and Payara's own {@code @RolesAllowed} handling
 * does not get in the way (see {@code payara-web.xml}).
 */
final class PayaraMicroIT {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static @Nullable MockIssuer issuer;
  private static @Nullable PayaraMicro payara;

  @BeforeAll
  static void deploy() throws Exception {
    issuer = MockIssuer.start();
    Path work = Path.of(System.getProperty("servers.work", "target/servers"), "payara-micro");
    Path war = ExplodedWar.layOut(work.resolve("gatehouse"), issuer);
    Path jar = Path.of(System.getProperty("payara.micro.jar", "payara.micro.jar is not set"));
    payara = PayaraMicro.start(jar, war, work, "gatehouse", "/api/health");
    System.out.printf(
        "Payara Micro answered after %d ms (Payara says ready in %s); log: %s%n",
        payara.startup().toMillis(), payara.reportedStartup().orElse("?"), payara.log());
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

  @Test
  void serverLoggedNoSevereError() {
    // A failed deployment still ends in "ready"; Payara's own @RolesAllowed filter fails it so.
    assertThat(running(payara).logText()).doesNotContain("SEVERE").doesNotContain("Exception");
  }

  @Test
  void readerTokenReadsTheBooks() throws Exception {
    HttpResponse<String> response = get("api/books", token().roles("reader").sign());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("books for alice");
  }

  @Test
  void noTokenIsRefusedWithGatehousesChallenge() throws Exception {
    HttpResponse<String> response = get("api/books", null);
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    assertThat(response.body())
        .isEqualTo("{\"error\":{\"code\":\"missing_token\",\"message\":\"no bearer token\"}}");
  }

  @Test
  void expiredTokenIsRejectedWith401() throws Exception {
    String expired =
        token()
            .roles("reader")
            .issuedAt(Instant.now().minusSeconds(600))
            .expiresAt(Instant.now().minusSeconds(300))
            .sign();
    HttpResponse<String> response = get("api/books", expired);
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .hasValue("Bearer error=\"invalid_token\", error_description=\"token expired\"");
    assertThat(response.body())
        .isEqualTo("{\"error\":{\"code\":\"invalid_token\",\"message\":\"token expired\"}}");
  }

  @Test
  void tokenForAnotherAudienceIsRejectedWith401() throws Exception {
    HttpResponse<String> response =
        get("api/books", token().roles("reader").audience("another-api").sign());
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body())
        .isEqualTo(
            "{\"error\":{\"code\":\"invalid_token\",\"message\":\"audience not accepted\"}}");
  }

  @Test
  void tokenWithoutTheAdminRoleIsDeniedByGatehouse() throws Exception {
    HttpResponse<String> response = get("api/books/admin", token().roles("reader").sign());
    assertThat(response.statusCode()).isEqualTo(403);
    // access_denied carries no challenge (RFC 6750 defines none for it).
    assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
    assertThat(response.body())
        .isEqualTo(
            "{\"error\":{\"code\":\"access_denied\",\"message\":\"token lacks a required role\"}}");
  }

  @Test
  void adminTokenReachesTheAdminResource() throws Exception {
    HttpResponse<String> response = get("api/books/admin", token().roles("admin").sign());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("books admin for alice");
  }

  @Test
  void healthIsOpenWithoutAToken() throws Exception {
    HttpResponse<String> response = get("api/health", null);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("up");
  }

  @Test
  void servletSeesTheTokensSubjectAndRoles() throws Exception {
    assertThat(get("hello", token().roles("reader").sign()).body()).isEqualTo("alice admin=false");
    assertThat(get("hello", token().roles("admin").sign()).body()).isEqualTo("alice admin=true");
  }

  @Test
  void servletWithoutATokenIsRefusedByTheServletFilter() throws Exception {
    HttpResponse<String> response = get("hello", null);
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    assertThat(response.body())
        .isEqualTo("{\"error\":{\"code\":\"missing_token\",\"message\":\"no bearer token\"}}");
  }

  private static dev.gatehouse.testkit.TokenBuilder token() {
    return running(issuer).token().subject("alice").audience("api");
  }

  private static HttpResponse<String> get(String path, @Nullable String token)
      throws IOException, InterruptedException {
    URI uri = running(payara).base().resolve(path);
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static <T> T running(@Nullable T started) {
    if (started == null) {
      throw new IllegalStateException("not started: see @BeforeAll's failure");
    }
    return started;
  }
}
