package dev.gatehouse.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.gatehouse.Guard;
import dev.gatehouse.Settings;
import dev.gatehouse.testkit.MockIssuer;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The README's JAX-RS example works as the README says (Jersey on the JDK's HTTP server). */
final class ReadmeExampleTest {
  @Test
  void readmeApplicationProtectsTheBooks() {
    try (MockIssuer issuer = MockIssuer.start();
        JerseyServer server =
            JerseyServer.start(ReadmeExample.application(JaxrsContract.verifier(issuer)))) {
      HttpResponse<String> reader =
          server.bearer("/books/7", issuer.token().subject("alice").scopes("books.read").sign());

      assertThat(reader.statusCode()).isEqualTo(200);
      assertThat(reader.body()).isEqualTo("book 7 for alice");
      assertThat(server.get("/books/7").statusCode()).isEqualTo(401);
      assertThat(server.bearer("/books/7", issuer.token("bob")).statusCode()).isEqualTo(403);
      assertThat(server.get("/books/covers").body()).isEqualTo("covers are public");
      assertThat(
              server
                  .send("DELETE", "/books/7", "Authorization", "Bearer " + issuer.token("bob"))
                  .statusCode())
          .isEqualTo(403);
      assertThat(
              server
                  .send(
                      "DELETE",
                      "/books/7",
                      "Authorization",
                      "Bearer " + issuer.token().roles("librarian").sign())
                  .statusCode())
          .isEqualTo(204);
    }
  }

  @Test
  void readmeConfigurationIsValid() {
    assertThatCode(ReadmeExample::verifier).doesNotThrowAnyException();
    Guard guard = Settings.guard(PropertySettings.read(new ReadmeExample.BooksApplication(), null));

    assertThat(guard.verifier().issuers()).hasSize(1);
  }
}
