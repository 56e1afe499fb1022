package dev.gatehouse.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testkit.MockIssuer;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.Test;

/** Settings given as Jersey configuration properties, of any value type, configure the filter. */
final class JerseyConfigurationTest {
  @Test
  void configurationPropertiesOfAnyTypeConfigureTheFilter() {
    try (MockIssuer issuer = MockIssuer.start()) {
      ResourceConfig config =
          new ResourceConfig(Library.Books.class)
              .register(BearerAuthFilter.class)
              .property("gatehouse.issuer", issuer.issuer())
              .property("gatehouse.audience", "api")
              .property("gatehouse.jwks-uri", issuer.jwksUri())
              .property("gatehouse.leeway-seconds", 30)
              .property("gatehouse.required-scopes", "books.read")
              .property("jersey.config.server.tracing.type", "OFF");
      try (JerseyServer server = JerseyServer.start(config)) {
        assertThat(server.bearer("/books", issuer.token().scopes("books.read").sign()).statusCode())
            .isEqualTo(200);
        assertThat(
                server
                    .bearer("/books", issuer.token("alice"))
                    .headers()
                    .firstValue("WWW-Authenticate"))
            .hasValueSatisfying(v -> assertThat(v).endsWith("scope=\"books.read\""));
      }
    }
  }
}
