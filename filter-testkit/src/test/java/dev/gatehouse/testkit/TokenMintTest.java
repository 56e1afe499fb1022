package dev.gatehouse.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code POST /token} with a JSON body of claims mints a token (issue 18). */
@ExtendWith(MockIssuerExtension.class)
final class TokenMintTest {
  private final MockIssuer issuer;
  private final Http http = new Http();

  TokenMintTest(MockIssuer issuer) {
    this.issuer = issuer;
  }

  @Test
  void jsonClaimsReplaceTheDefaults() throws Exception {
    HttpResponse<String> response =
        mint("{\"sub\":\"alice\",\"scope\":\"orders.read\",\"tenant\":{\"id\":7},\"iat\":null}");
    assertThat(response.statusCode()).isEqualTo(200);
    Map<String, Object> answer = Http.json(response.body());
    assertThat(answer).containsEntry("token_type", "Bearer").containsEntry("expires_in", 300L);
    JwtClaims claims = new Verifier(issuer).verify((String) answer.get("access_token"));
    assertThat(claims.getSubject()).isEqualTo("alice");
    assertThat(claims.getClaimValue("scope")).isEqualTo("orders.read");
    assertThat(claims.getClaimValue("tenant")).isEqualTo(Map.of("id", 7L));
    assertThat(claims.hasClaim("iat")).isFalse();
    assertThat(claims.getAudience()).containsExactly("api");
  }

  @Test
  void anEmptyObjectMintsTheDefaultToken() throws Exception {
    HttpResponse<String> response = mint("{}");
    assertThat(response.statusCode()).isEqualTo(200);
    String token = (String) Http.json(response.body()).get("access_token");
    assertThat(new Verifier(issuer).verify(token).getSubject()).isEqualTo("user-1");
  }

  @Test
  void aBodyThatIsNotAJsonObjectIsA400ThatSaysSo() {
    for (String body :
        new String[] {"", "[1,2]", "{\"sub\":", "\"alice\"", "{not json", "[".repeat(100_000)}) {
      HttpResponse<String> response = mint(body);
      assertThat(response.statusCode()).as(body).isEqualTo(400);
      assertThat(Http.json(response.body()))
          .containsEntry("error", "invalid_request")
          .containsKey("error_description");
    }
  }

  @Test
  void formRequestsStillGetClientCredentialsTokens() {
    HttpResponse<String> response =
        http.post(issuer.tokenUri(), "grant_type=client_credentials&client_id=svc");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(mint("{}").statusCode()).isEqualTo(200);
  }

  private HttpResponse<String> mint(String json) {
    HttpRequest request =
        HttpRequest.newBuilder(issuer.tokenUri())
            .timeout(Http.TIMEOUT)
            .header("Content-Type", "application/json; charset=utf-8")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build();
    try {
      return http.client().send(request, HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
