package dev.gatehouse.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.Guard;
import dev.gatehouse.examples.jetty.JettyExample;
import dev.gatehouse.testkit.MockIssuer;
import dev.gatehouse.testkit.MockIssuerExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(MockIssuerExtension.class) // one mock issuer per test class, on 127.0.0.1
final class ApiSecurityTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void adminRoutesNeedTheAdminScope(MockIssuer issuer) throws Exception {
    // Point your app at the mock issuer instead of your identity provider.
    Guard guard = ExampleApi.guard(issuer.issuer(), issuer.jwksUri());
    try (RunningExample app = JettyExample.start(guard, 0)) {
      String token = issuer.token().subject("alice").scopes("orders.read").sign();

      assertThat(get(app.uri("/api/orders"), token).statusCode()).isEqualTo(200);
      HttpResponse<String> admin = get(app.uri("/api/admin/reports"), token);
      assertThat(admin.statusCode()).isEqualTo(403);
      assertThat(admin.headers().firstValue("WWW-Authenticate").orElseThrow())
          .contains("error=\"insufficient_scope\"", "scope=\"admin\"");
    }
  }

  @Test
  void expiredTokensAreRejected(MockIssuer issuer) throws Exception {
    Guard guard = ExampleApi.guard(issuer.issuer(), issuer.jwksUri());
    try (RunningExample app = JettyExample.start(guard, 0)) {
      String expired = issuer.token().subject("alice").expiresIn(Duration.ofMinutes(-5)).sign();

      HttpResponse<String> response = get(app.uri("/api/orders"), expired);
      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(response.body()).contains("token expired");
    }
  }

  private static HttpResponse<String> get(URI uri, String token) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token).build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
