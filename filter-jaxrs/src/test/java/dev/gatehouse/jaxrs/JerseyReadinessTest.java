package dev.gatehouse.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.Guard;
import dev.gatehouse.IssuerPolicy;
import dev.gatehouse.TokenVerifier;
import dev.gatehouse.testkit.MockIssuer;
import dev.gatehouse.testkit.MockIssuerExtension;
import java.net.http.HttpResponse;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 18's readiness probe in JAX-RS, on Jersey with a real mock issuer: at {@code health-path},
 * answered before resource matching, and as {@link ReadinessResource} behind a {@code @PermitAll}
 * locator; 200 while the issuer's keys are cached, 503 while the issuer is down and none are.
 */
@ExtendWith(MockIssuerExtension.class)
final class JerseyReadinessTest {
  private MockIssuer issuer;

  @BeforeEach
  void start(MockIssuer issuer) {
    this.issuer = issuer;
  }

  private ResourceConfig configured() {
    return new ResourceConfig(Library.Books.class)
        .register(BearerAuthFilter.class)
        .property("gatehouse.issuer", issuer.issuer())
        .property("gatehouse.audience", "api")
        .property("gatehouse.jwks-uri", issuer.jwksUri().toString())
        .property("gatehouse.health-path", "/ready");
  }

  @Test
  void healthPathIsAnsweredWithoutAToken() {
    try (JerseyServer server = JerseyServer.start(configured())) {
      assertThat(server.bearer("/books", issuer.token("alice")).statusCode()).isEqualTo(200);
      HttpResponse<String> probe = server.get("/ready");

      assertThat(probe.statusCode()).isEqualTo(200);
      assertThat(probe.headers().firstValue("Cache-Control")).hasValue("no-store");
      assertThat(probe.body())
          .startsWith("{\"status\":\"ready\"")
          .contains("\"issuer\":\"" + issuer.issuer() + "\"", "\"ready\":true", "\"keys\":1");
    }
  }

  @Test
  void healthPathAnswers503WhileTheIssuerIsDown() {
    issuer.jwks().respondWith(503);
    try (JerseyServer server = JerseyServer.start(configured())) {
      assertThat(server.bearer("/books", issuer.token("alice")).statusCode()).isEqualTo(503);
      HttpResponse<String> probe = server.get("/ready");

      assertThat(probe.statusCode()).isEqualTo(503);
      assertThat(probe.body()).contains("\"ready\":false", "\"error\":\"http_503\"");
    }
  }

  @Test
  void theResourceBehindAPermitAllLocatorNeedsNoToken() {
    TokenVerifier verifier =
        TokenVerifier.builder()
            .issuer(
                IssuerPolicy.builder(issuer.issuer())
                    .audiences("api")
                    .jwksUri(issuer.jwksUri())
                    .build())
            .build();
    ResourceConfig config =
        new ResourceConfig(Library.Books.class)
            .register(GatehouseFeature.global(Guard.builder(verifier).build()))
            .register(new ReadinessLocator(verifier));
    try (verifier;
        JerseyServer server = JerseyServer.start(config)) {
      assertThat(server.get("/books").statusCode()).isEqualTo(401);
      assertThat(server.bearer("/books", issuer.token("alice")).statusCode()).isEqualTo(200);
      HttpResponse<String> probe = server.get("/health/ready");
      assertThat(probe.statusCode()).isEqualTo(200);
      assertThat(probe.headers().firstValue("Content-Type")).hasValue("application/json");
      assertThat(probe.body()).contains("\"status\":\"ready\"", "\"keys\":1");

      issuer.jwks().respondWith(500);
      assertThat(server.send("HEAD", "/health/ready").statusCode()).isEqualTo(200);
    }
  }
}
