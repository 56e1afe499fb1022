package dev.gatehouse.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.Guard;
import dev.gatehouse.IssuerPolicy;
import dev.gatehouse.TokenVerifier;
import dev.gatehouse.testkit.MockIssuer;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * RFC 6750 §2.2 and §2.3 tokens: off by default, and one method per request when enabled (issue 7).
 */
final class AccessTokenParametersTest {
  private static MockIssuer issuer;
  private static TestServer strict;
  private static TestServer lenient;

  @BeforeAll
  static void start() {
    issuer = MockIssuer.start();
    TokenVerifier verifier =
        TokenVerifier.builder()
            .issuer(
                IssuerPolicy.builder(issuer.issuer())
                    .audiences("api")
                    .jwksUri(issuer.jwksUri())
                    .build())
            .build();
    strict = TestServer.start(new RequireAuthFilter(verifier));
    lenient =
        TestServer.start(
            new RequireAuthFilter(
                Guard.builder(verifier).acceptQueryToken(true).acceptFormToken(true).build()));
  }

  @AfterAll
  static void stop() {
    strict.close();
    lenient.close();
    issuer.close();
  }

  @Test
  void queryAndFormTokensAreIgnoredByDefault() {
    String token = issuer.token("alice");

    assertThat(strict.get("/x?access_token=" + token).statusCode()).isEqualTo(401);
    HttpResponse<String> form = strict.post("/x", "access_token=" + token);
    assertThat(form.statusCode()).isEqualTo(401);
    assertThat(form.body()).contains("missing_token");
  }

  @Test
  void optedInQueryTokenIsAccepted() {
    HttpResponse<String> response = lenient.get("/x?a=1&access_token=" + issuer.token("alice"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).startsWith("user=alice");
  }

  @Test
  void optedInFormTokenIsAccepted() {
    HttpResponse<String> response =
        lenient.post("/x", "access_token=" + issuer.token("bob") + "&x=y");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).startsWith("user=bob");
  }

  @Test
  void twoMethodsInOneRequestAreAnInvalidRequest() {
    String token = issuer.token("alice");

    HttpResponse<String> response =
        lenient.get("/x?access_token=" + token, "Authorization", "Bearer " + token);

    RequireAuthFilterTest.assertInvalid(
        response, 400, "invalid_request", "token sent by more than one method");
    RequireAuthFilterTest.assertInvalid(
        lenient.post("/x?access_token=" + token, "access_token=" + token),
        400,
        "invalid_request",
        "token sent by more than one method");
  }

  @Test
  void repeatedParameterIsAnInvalidRequest() {
    String token = issuer.token("alice");

    RequireAuthFilterTest.assertInvalid(
        lenient.get("/x?access_token=" + token + "&access_token=" + token),
        400,
        "invalid_request",
        "more than one access_token parameter");
  }
}
