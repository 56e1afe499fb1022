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

  @Test
  void readmeAnnotationsAreInTheReadmeAndEnforced() throws Exception {
    java.util.List<String> lines =
        java.nio.file.Files.readAllLines(
            java.nio.file.Path.of("src/test/java/dev/gatehouse/jaxrs/ReadmeAnnotations.java"));
    int start = lines.indexOf("  // README: annotations");
    int end = lines.indexOf("  // README: end");
    StringBuilder snippet = new StringBuilder();
    for (String line : lines.subList(start + 1, end)) {
      snippet.append(line.length() >= 2 ? line.substring(2) : line).append('\n');
    }
    assertThat(java.nio.file.Files.readString(java.nio.file.Path.of("..", "README.md")))
        .contains(snippet);
    try (MockIssuer issuer = MockIssuer.start();
        JerseyServer server =
            JerseyServer.start(
                Library.application(
                    java.util.Map.of(),
                    ReadmeAnnotations.Payouts.class,
                    GatehouseFeature.global(
                        dev.gatehouse.Guard.builder(JaxrsContract.verifier(issuer)).build())))) {
      String finance =
          issuer
              .token()
              .claim("groups", java.util.List.of("finance"))
              .claim(
                  "organizations",
                  java.util.List.of(java.util.Map.of("id", "acme", "scopes", "payouts:*")))
              .sign();
      assertThat(server.bearer("/orgs/acme/payouts", finance).body()).isEqualTo("payouts of acme");
      assertThat(server.bearer("/orgs/globex/payouts", finance).statusCode()).isEqualTo(403);
      HttpResponse<String> pay =
          server.send("POST", "/orgs/acme/payouts", "Authorization", "Bearer " + finance);
      assertThat(pay.statusCode()).isEqualTo(401);
      assertThat(pay.headers().firstValue("WWW-Authenticate").orElseThrow())
          .contains("insufficient_user_authentication");
    }
  }
}
