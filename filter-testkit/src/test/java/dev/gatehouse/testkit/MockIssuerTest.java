package dev.gatehouse.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

final class MockIssuerTest {

  private final Http http = new Http();
  private final MockIssuer issuer = MockIssuer.start();

  @AfterEach
  void close() {
    issuer.close();
  }

  @Test
  void defaultsShapeTheIssuerAndItsUris() {
    int port = issuer.issuerUri().getPort();
    String origin = "http://127.0.0.1:" + port;

    assertThat(issuer.issuer()).isEqualTo(origin);
    assertThat(issuer.jwksUri()).isEqualTo(URI.create(origin + "/.well-known/jwks.json"));
    assertThat(issuer.openIdConfigurationUri())
        .isEqualTo(URI.create(origin + "/.well-known/openid-configuration"));
    assertThat(issuer.oauthMetadataUri())
        .isEqualTo(URI.create(origin + "/.well-known/oauth-authorization-server"));
  }

  @Test
  void issuerPathIsInsertedAfterTheWellKnownSuffixForRfc8414() {
    try (MockIssuer tenant =
        MockIssuer.builder().issuerPath("/tenant1").jwksPath("/keys").start()) {
      String origin = "http://127.0.0.1:" + tenant.issuerUri().getPort();

      assertThat(tenant.issuer()).isEqualTo(origin + "/tenant1");
      assertThat(tenant.jwksUri()).isEqualTo(URI.create(origin + "/tenant1/keys"));
      assertThat(tenant.openIdConfigurationUri())
          .isEqualTo(URI.create(origin + "/tenant1/.well-known/openid-configuration"));
      assertThat(tenant.oauthMetadataUri())
          .isEqualTo(URI.create(origin + "/.well-known/oauth-authorization-server/tenant1"));
      assertThat(http.get(tenant.jwksUri()).statusCode()).isEqualTo(200);
      assertThat(http.get(tenant.openIdConfigurationUri()).statusCode()).isEqualTo(200);
      assertThat(http.get(tenant.oauthMetadataUri()).statusCode()).isEqualTo(200);
      assertThat(http.get(URI.create(origin + "/.well-known/jwks.json")).statusCode())
          .isEqualTo(404);
    }
  }

  @Test
  void jwksServesPublicMembersOfTheSigningKey() {
    HttpResponse<String> response = http.get(issuer.jwksUri());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
    assertThat(response.body()).isEqualTo(issuer.jwksJson());
    List<Map<String, Object>> keys = Http.keys(response.body());
    assertThat(keys).hasSize(1);
    assertThat(keys.get(0))
        .containsEntry("kty", "EC")
        .containsEntry("kid", issuer.signingKid())
        .containsEntry("use", "sig")
        .containsEntry("alg", "ES256")
        .containsEntry("crv", "P-256")
        .containsKeys("x", "y")
        .doesNotContainKey("d");
  }

  @Test
  void openIdConfigurationNamesTheIssuerAndItsJwks() {
    HttpResponse<String> response = http.get(issuer.openIdConfigurationUri());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
    assertThat(Http.json(response.body()))
        .containsEntry("issuer", issuer.issuer())
        .containsEntry("jwks_uri", issuer.jwksUri().toString())
        .containsEntry("authorization_endpoint", issuer.issuer() + "/authorize")
        .containsEntry("token_endpoint", issuer.issuer() + "/token")
        .containsEntry("id_token_signing_alg_values_supported", List.of("ES256"));
  }

  @Test
  void oauthMetadataIsTheSameDocument() {
    HttpResponse<String> response = http.get(issuer.oauthMetadataUri());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(http.get(issuer.openIdConfigurationUri()).body());
  }

  @Test
  void metadataIssuerOverridesBothDocumentsUntilRestored() {
    issuer.metadataIssuer("https://evil.example");

    assertThat(Http.json(http.get(issuer.openIdConfigurationUri()).body()))
        .containsEntry("issuer", "https://evil.example");
    assertThat(Http.json(http.get(issuer.oauthMetadataUri()).body()))
        .containsEntry("issuer", "https://evil.example");

    issuer.metadataIssuer(null);

    assertThat(Http.json(http.get(issuer.oauthMetadataUri()).body()))
        .containsEntry("issuer", issuer.issuer());
  }

  @Test
  void resetRestoresTheMetadataIssuer() {
    issuer.metadataIssuer("https://evil.example");

    issuer.reset();

    assertThat(Http.json(http.get(issuer.openIdConfigurationUri()).body()))
        .containsEntry("issuer", issuer.issuer());
  }

  @Test
  void otherPathsAre404AndCountedNowhere() {
    HttpResponse<String> response = http.get(issuer.issuerUri().resolve("/nothing-here"));

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(issuer.jwks().hits()).isZero();
    assertThat(issuer.openIdConfiguration().hits()).isZero();
    assertThat(issuer.oauthMetadata().hits()).isZero();
  }

  @Test
  void endpointAccessorsReturnTheSameLiveObject() {
    assertThat(issuer.jwks()).isSameAs(issuer.jwks());
    assertThat(issuer.openIdConfiguration()).isSameAs(issuer.openIdConfiguration());
    assertThat(issuer.oauthMetadata()).isSameAs(issuer.oauthMetadata());
  }

  @Test
  void hitsAreCountedPerEndpointWithLowerCasedRequestHeaders() {
    http.get(issuer.jwksUri(), "X-Trace", "one");
    http.get(issuer.jwksUri(), "X-Trace", "two");
    http.get(issuer.openIdConfigurationUri());

    assertThat(issuer.jwks().hits()).isEqualTo(2);
    assertThat(issuer.openIdConfiguration().hits()).isEqualTo(1);
    assertThat(issuer.oauthMetadata().hits()).isZero();
    assertThat(issuer.jwks().requestHeaders())
        .extracting(headers -> headers.get("x-trace"))
        .containsExactly(List.of("one"), List.of("two"));
  }

  @Test
  void nonGetMethodsAreCountedAndRefused() throws Exception {
    HttpResponse<String> response =
        http.client()
            .send(
                HttpRequest.newBuilder(issuer.jwksUri())
                    .timeout(Http.TIMEOUT)
                    .POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(issuer.jwks().hits()).isEqualTo(1);
  }

  @Test
  void closeStopsTheServerAndMayBeRepeated() {
    URI jwks = issuer.jwksUri();

    issuer.close();
    issuer.close();

    assertThatThrownBy(() -> new Http().get(jwks)).isInstanceOf(UncheckedIOException.class);
  }
}
