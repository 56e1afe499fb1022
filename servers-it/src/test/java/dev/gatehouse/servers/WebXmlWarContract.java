package dev.gatehouse.servers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testkit.MockIssuer;
import dev.gatehouse.testkit.TokenBuilder;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * What the web.xml WAR answers on every server: the servlet filter configured by {@code web.xml}
 * and the JAX-RS filter configured by the application servlet's init-params refuse and admit the
 * same requests, with Gatehouse's bodies and challenges, whatever the server does about
 * {@code @RolesAllowed} itself. Each server's IT only starts its server with the laid-out WAR; the
 * issuer and the server are stopped here, whatever happens.
 */
abstract class WebXmlWarContract extends DeployedWar {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** Lays the WAR out in {@code dir} for {@code issuer}; by default as full servers take it. */
  @Override
  Path layOut(Path dir, MockIssuer issuer) throws IOException {
    return ExplodedWar.layOut(dir, issuer);
  }

  /** What the server writes in its log when something failed, a deployment included. */
  abstract List<String> errorMarkers();

  @Test
  void serverLoggedNoError() {
    // A failed deployment can still leave the server running and answering.
    String log = serverLog();
    for (String marker : errorMarkers()) {
      assertThat(log).doesNotContain(marker);
    }
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

  private TokenBuilder token() {
    return issuer().token().subject("alice").audience("api");
  }

  private HttpResponse<String> get(String path, @Nullable String token)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base().resolve(path)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
