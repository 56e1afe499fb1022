package dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.gatehouse.testkit.MockIssuer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Issuer discovery, fixed JWKS paths and several trusted issuers (issue 3). */
final class DiscoveryAndIssuersTest {
  private static TokenVerifier trusting(IssuerPolicy... policies) {
    TokenVerifier.Builder builder = TokenVerifier.builder();
    for (IssuerPolicy policy : policies) {
      builder.issuer(policy);
    }
    return builder.build();
  }

  @Test
  void jwksUriIsDiscoveredFromOpenIdConfiguration() throws Exception {
    try (MockIssuer issuer = MockIssuer.start()) {
      TokenVerifier verifier =
          trusting(IssuerPolicy.builder(issuer.issuer()).audiences("api").build());

      assertThat(verifier.verify(issuer.token("alice")).subject()).isEqualTo("alice");
      assertThat(issuer.openIdConfiguration().hits()).isEqualTo(1);
      assertThat(issuer.jwks().hits()).isEqualTo(1);
    }
  }

  @Test
  void discoveryFallsBackToRfc8414WithPathInsertion() throws Exception {
    try (MockIssuer issuer = MockIssuer.builder().issuerPath("/tenant1").start()) {
      issuer.openIdConfiguration().disable();
      TokenVerifier verifier =
          trusting(IssuerPolicy.builder(issuer.issuer()).audiences("api").build());

      assertThat(verifier.verify(issuer.token("alice")).subject()).isEqualTo("alice");
      assertThat(issuer.oauthMetadata().hits()).isEqualTo(1);
      assertThat(issuer.oauthMetadataUri().getPath())
          .isEqualTo("/.well-known/oauth-authorization-server/tenant1");
    }
  }

  /**
   * Metadata is read by the same strict reader as tokens: a document naming {@code jwks_uri} twice
   * (a lenient reader takes one or the other, and readers differ on which) is refused, and no key
   * set is fetched from either.
   */
  @Test
  void metadataWithADuplicateMemberIsRefused() throws Exception {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    AtomicInteger jwksHits = new AtomicInteger();
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    byte[] metadata =
        ("{\"issuer\":\""
                + base
                + "\",\"jwks_uri\":\""
                + base
                + "/jwks\",\"jwks_uri\":\""
                + base
                + "/other\"}")
            .getBytes(StandardCharsets.UTF_8);
    // Both well-known locations serve it, so the RFC 8414 fallback reads the same document.
    for (String path :
        new String[] {
          "/.well-known/openid-configuration", "/.well-known/oauth-authorization-server"
        }) {
      server.createContext(
          path,
          exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, metadata.length);
            exchange.getResponseBody().write(metadata);
            exchange.close();
          });
    }
    for (String path : new String[] {"/jwks", "/other"}) {
      server.createContext(
          path,
          exchange -> {
            jwksHits.incrementAndGet();
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
          });
    }
    server.start();
    try (TokenVerifier verifier = trusting(IssuerPolicy.builder(base).audiences("api").build())) {
      Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
      String token =
          b64.encodeToString("{\"alg\":\"ES256\",\"kid\":\"k\"}".getBytes(StandardCharsets.UTF_8))
              + "."
              + b64.encodeToString(
                  ("{\"iss\":\""
                          + base
                          + "\",\"sub\":\"alice\",\"aud\":\"api\",\"exp\":4102444800}")
                      .getBytes(StandardCharsets.UTF_8))
              + "."
              + b64.encodeToString(new byte[64]);
      assertThatThrownBy(() -> verifier.verify(token))
          .isInstanceOfSatisfying(
              AuthException.class,
              e -> assertThat(e.reason()).isEqualTo(FailureReason.KEYS_UNAVAILABLE));
      assertThat(verifier.keyStatus().get(base).lastError()).contains("invalid JSON from");
      assertThat(jwksHits).hasValue(0);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void metadataNamingAnotherIssuerMakesKeysUnavailableWithAClearError() {
    try (MockIssuer issuer = MockIssuer.start()) {
      issuer.metadataIssuer("https://impostor.example");
      TokenVerifier verifier =
          trusting(IssuerPolicy.builder(issuer.issuer()).audiences("api").build());

      assertThatThrownBy(() -> verifier.verify(issuer.token("alice")))
          .isInstanceOfSatisfying(
              AuthException.class,
              e -> assertThat(e.reason()).isEqualTo(FailureReason.KEYS_UNAVAILABLE));
      assertThat(verifier.keyStatus().get(issuer.issuer()).lastError())
          .contains("names issuer https://impostor.example, expected " + issuer.issuer());
      assertThat(issuer.jwks().hits()).isZero();
    }
  }

  @Test
  void jwksPathRelativeToTheIssuerSkipsDiscovery() throws Exception {
    try (MockIssuer issuer =
        MockIssuer.builder().jwksPath("/_torii/.well-known/jwks.json").start()) {
      TokenVerifier verifier =
          trusting(
              IssuerPolicy.builder(issuer.issuer())
                  .audiences("api")
                  .jwksPath("/_torii/.well-known/jwks.json")
                  .build());

      assertThat(verifier.verify(issuer.token("alice")).subject()).isEqualTo("alice");
      assertThat(issuer.openIdConfiguration().hits()).isZero();
      assertThat(issuer.jwks().hits()).isEqualTo(1);
    }
  }

  @Test
  void eachIssuerHasItsOwnPolicyAndOthersAreRejectedWithoutNetwork() throws Exception {
    try (MockIssuer a = MockIssuer.start();
        MockIssuer b = MockIssuer.builder().audience("b-api").start();
        MockIssuer stranger = MockIssuer.start()) {
      TokenVerifier verifier =
          trusting(
              IssuerPolicy.builder(a.issuer()).audiences("api").jwksUri(a.jwksUri()).build(),
              IssuerPolicy.builder(b.issuer()).audiences("b-api").jwksUri(b.jwksUri()).build());

      assertThat(verifier.verify(a.token("from-a")).issuer()).isEqualTo(a.issuer());
      assertThat(verifier.verify(b.token("from-b")).issuer()).isEqualTo(b.issuer());
      assertThatThrownBy(() -> verifier.verify(a.token().audience("b-api").sign()))
          .isInstanceOfSatisfying(
              AuthException.class,
              e -> assertThat(e.reason()).isEqualTo(FailureReason.WRONG_AUDIENCE));
      assertThatThrownBy(() -> verifier.verify(stranger.token("x")))
          .isInstanceOfSatisfying(
              AuthException.class,
              e -> assertThat(e.reason()).isEqualTo(FailureReason.WRONG_ISSUER));
      assertThat(stranger.jwks().hits() + stranger.openIdConfiguration().hits()).isZero();
      assertThat(verifier.keyStatus()).containsOnlyKeys(a.issuer(), b.issuer());
    }
  }

  @Test
  void issuerConfiguredTwiceIsRejected() {
    IssuerPolicy policy = IssuerPolicy.builder("https://idp.example").audiences("api").build();

    assertThatThrownBy(() -> trusting(policy, policy))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("issuer configured twice: https://idp.example");
  }
}
