package dev.gatehouse.servers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testkit.MockIssuer;
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
 * What the Jakarta Security WAR answers on every full server: Gatehouse as the application's
 * Jakarta Security mechanism ({@code filter-jakarta}), turned on by MicroProfile Config alone; the
 * server's own security (servlet security constraints, {@code isUserInRole}, Jakarta Security's
 * {@code SecurityContext}) sees the token's subject and roles, CDI injects the {@code Auth} and a
 * claim, an enterprise bean's {@code @RolesAllowed} and Jakarta REST's {@code SecurityContext} see
 * the same caller, and refusals of tokens are Gatehouse's. Each server's IT only starts its server
 * with the laid-out WAR; the issuer and the server are stopped here, whatever happens.
 */
abstract class JakartaWarContract extends DeployedWar {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** Lays the Jakarta Security WAR out: no JAX-RS filter and none of the web.xml WAR's classes. */
  @Override
  Path layOut(Path dir, MockIssuer issuer) throws IOException {
    return ExplodedWar.layOut(
        dir, issuer, "war.jakarta.webapp", List.of("filter-jaxrs-", "Books", "Health"));
  }

  private HttpResponse<String> get(String path, @Nullable String token) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base().resolve(path.substring(1))).timeout(Duration.ofSeconds(20));
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
    // Open resources pass without a token, anonymously: no user principal, no role. Jakarta
    // Security's caller is null there, except on WildFly, whose Elytron names it "anonymous".
    assertThat(get("/whoami", null).body())
        .matches("user=null caller=(null|anonymous) reader=false admin=false auth=null.*");
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

  @Test
  void enterpriseBeansAndJakartaRestSeeTheSameCaller() throws Exception {
    String admin = issuer().token().subject("root").roles("admin").sign();
    HttpResponse<String> closed = get("/ledger", admin);
    assertThat(closed.statusCode()).isEqualTo(200);
    assertThat(closed.body()).isEqualTo("closed by root");
    String reader = issuer().token().subject("alice").roles("reader").sign();
    assertThat(get("/ledger", reader).statusCode()).isEqualTo(403);
    assertThat(get("/ledger", null).statusCode()).isEqualTo(403);

    HttpResponse<String> me = get("/rest/me", reader);
    assertThat(me.statusCode()).isEqualTo(200);
    assertThat(me.body()).isEqualTo("user=alice reader=true");
    assertThat(get("/rest/me", null).body()).isEqualTo("user=null reader=false");
    HttpResponse<String> bad = get("/rest/me", reader + "x");
    assertThat(bad.statusCode()).isEqualTo(401);
    assertThat(bad.body()).contains("invalid_token");
  }
}
