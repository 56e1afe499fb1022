package dev.gatehouse.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.DpopPolicy;
import dev.gatehouse.Guard;
import dev.gatehouse.IssuerPolicy;
import dev.gatehouse.ReplayStore;
import dev.gatehouse.TokenVerifier;
import dev.gatehouse.testkit.DpopProver;
import dev.gatehouse.testkit.MockIssuer;
import dev.gatehouse.testkit.TestClock;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** DPoP (RFC 9449) through a real Jetty: every §4.3 rule, replays, nonces, schemes, metadata. */
final class DpopTest {
  private static final byte[] SECRET =
      "a nonce secret shared by every node, 32+ bytes".getBytes(StandardCharsets.UTF_8);

  private TestClock clock;
  private MockIssuer issuer;
  private DpopProver client;
  private final List<AutoCloseable> open = new java.util.ArrayList<>();

  @BeforeEach
  void start() {
    clock = TestClock.now();
    issuer = MockIssuer.builder().clock(clock).start();
    client = DpopProver.es256().clock(clock);
    open.add(issuer);
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  private TokenVerifier verifier(IssuerPolicy.Dpop mode, UnaryOperator<DpopPolicy.Builder> dpop) {
    return TokenVerifier.builder()
        .clock(clock)
        .issuer(
            IssuerPolicy.builder(issuer.issuer())
                .audiences("api")
                .jwksUri(issuer.jwksUri())
                .dpop(mode)
                .build())
        .dpop(dpop.apply(DpopPolicy.builder()).build())
        .build();
  }

  private TestServer serve(IssuerPolicy.Dpop mode, UnaryOperator<DpopPolicy.Builder> dpop) {
    TokenVerifier verifier = verifier(mode, dpop);
    open.add(verifier);
    TestServer server = TestServer.start(new RequireAuthFilter(Guard.builder(verifier).build()));
    open.add(0, server);
    return server;
  }

  private TestServer accepting() {
    return serve(IssuerPolicy.Dpop.ACCEPT, b -> b);
  }

  private String bound() {
    return bound(client);
  }

  private String bound(DpopProver key) {
    return issuer
        .token()
        .subject("alice")
        .expiresIn(Duration.ofHours(1))
        .dpopBound(key.thumbprint())
        .sign();
  }

  private static HttpResponse<String> dpop(
      TestServer server, String method, String path, String token, String proof) {
    return server.send(method, path, "Authorization", "DPoP " + token, "DPoP", proof);
  }

  private static String challenge(HttpResponse<String> response) {
    return response.headers().firstValue("WWW-Authenticate").orElse("");
  }

  @Test
  void aBoundTokenWithItsProofPassesAndTheProofIsCheckedEveryTime() {
    try (TestServer server = accepting()) {
      String token = bound();
      URI uri = server.uri("/orders");
      for (int i = 0; i < 3; i++) {
        HttpResponse<String> ok =
            dpop(server, "GET", "/orders", token, client.proof("GET", uri, token));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).contains("auth=alice");
      }
      // The token is cached now; a replayed proof is still refused.
      String proof = client.proof("GET", uri, token);
      assertThat(dpop(server, "GET", "/orders", token, proof).statusCode()).isEqualTo(200);
      HttpResponse<String> replay = dpop(server, "GET", "/orders", token, proof);
      assertThat(replay.statusCode()).isEqualTo(401);
      assertThat(challenge(replay))
          .startsWith(
              "DPoP error=\"invalid_dpop_proof\", error_description=\"DPoP proof was used before\", algs=\"");
      assertThat(replay.body()).contains("\"code\":\"invalid_dpop_proof\"");
    }
  }

  @Test
  void everyRuleOfSection43BrokenAloneIsRefused() {
    try (TestServer server = accepting()) {
      String token = bound();
      URI uri = server.uri("/orders");
      DpopProver other = DpopProver.es256().clock(clock);
      Map<String, DpopProver.Proof> broken = new LinkedHashMap<>();
      broken.put("typ missing", client.builder("GET", uri).accessToken(token).typ(null));
      broken.put("typ JWT", client.builder("GET", uri).accessToken(token).typ("JWT"));
      broken.put("alg none", client.builder("GET", uri).accessToken(token).alg("none"));
      broken.put("alg HS256", client.builder("GET", uri).accessToken(token).alg("HS256"));
      broken.put("alg of another key", client.builder("GET", uri).accessToken(token).alg("RS256"));
      broken.put("no jwk", client.builder("GET", uri).accessToken(token).jwk(null));
      broken.put(
          "private jwk", client.builder("GET", uri).accessToken(token).withPrivateKeyInJwk());
      broken.put(
          "signed by another key", client.builder("GET", uri).accessToken(token).signedBy(other));
      broken.put("htm missing", client.builder("GET", uri).accessToken(token).htm(null));
      broken.put("htm POST", client.builder("GET", uri).accessToken(token).htm("POST"));
      broken.put("htm get", client.builder("GET", uri).accessToken(token).htm("get"));
      broken.put("htu missing", client.builder("GET", uri).accessToken(token).htu(null));
      broken.put(
          "htu other path",
          client.builder("GET", uri).accessToken(token).htu(server.uri("/admin").toString()));
      broken.put(
          "htu path case",
          client.builder("GET", uri).accessToken(token).htu(server.uri("/ORDERS").toString()));
      broken.put(
          "htu other host",
          client
              .builder("GET", uri)
              .accessToken(token)
              .htu(uri.toString().replace("127.0.0.1", "localhost")));
      broken.put(
          "htu https",
          client
              .builder("GET", uri)
              .accessToken(token)
              .htu(uri.toString().replace("http:", "https:")));
      broken.put("htu relative", client.builder("GET", uri).accessToken(token).htu("/orders"));
      broken.put("iat missing", client.builder("GET", uri).accessToken(token).iat(null));
      broken.put(
          "iat old",
          client.builder("GET", uri).accessToken(token).iat(clock.instant().minusSeconds(120)));
      broken.put(
          "iat future",
          client.builder("GET", uri).accessToken(token).iat(clock.instant().plusSeconds(60)));
      broken.put("jti missing", client.builder("GET", uri).accessToken(token).jti(null));
      broken.put("jti empty", client.builder("GET", uri).accessToken(token).jti(""));
      broken.put("ath missing", client.builder("GET", uri).accessToken(token).ath(null));
      broken.put("ath of another token", client.builder("GET", uri).accessToken(bound(other)));
      for (Map.Entry<String, DpopProver.Proof> c : broken.entrySet()) {
        HttpResponse<String> response = dpop(server, "GET", "/orders", token, c.getValue().sign());
        assertThat(response.statusCode()).as(c.getKey()).isEqualTo(401);
        assertThat(challenge(response))
            .as(c.getKey())
            .startsWith("DPoP error=\"invalid_dpop_proof\"");
      }
      // A valid proof, of another key than the token's cnf.jkt.
      HttpResponse<String> stolen =
          dpop(server, "GET", "/orders", token, other.proof("GET", uri, token));
      assertThat(stolen.statusCode()).isEqualTo(401);
      assertThat(challenge(stolen))
          .startsWith(
              "DPoP error=\"invalid_token\", error_description=\"token is not bound to the proof's key\"");
      // No proof, two proofs, garbage.
      assertThat(server.send("GET", "/orders", "Authorization", "DPoP " + token).body())
          .contains("DPoP proof is missing");
      String proof = client.proof("GET", uri, token);
      assertThat(
              server
                  .send(
                      "GET",
                      "/orders",
                      "Authorization",
                      "DPoP " + token,
                      "DPoP",
                      proof,
                      "DPoP",
                      proof)
                  .body())
          .contains("more than one DPoP proof");
      assertThat(dpop(server, "GET", "/orders", token, "not.a.proof").body())
          .contains("DPoP proof is not a well-formed JWS");
      assertThat(dpop(server, "GET", "/orders", token, "x".repeat(9000)).body())
          .contains("DPoP proof is too large");
    }
  }

  @Test
  void htuIsComparedWithoutQueryAndFragmentAfterNormalisation() {
    try (TestServer server = accepting()) {
      String token = bound();
      URI uri = server.uri("/orders/7");
      String base = uri.toString();
      for (String htu :
          List.of(
              base,
              base + "?page=2",
              base + "#top",
              base.replace("http://", "HTTP://"),
              base.replace("/orders/7", "/orders/%37"),
              base.replace("/orders/7", "/orders/./7"))) {
        String proof = client.builder("GET", uri).accessToken(token).htu(htu).sign();
        assertThat(
                server
                    .send(
                        "GET", "/orders/7?page=2", "Authorization", "DPoP " + token, "DPoP", proof)
                    .statusCode())
            .as(htu)
            .isEqualTo(200);
      }
    }
  }

  @Test
  void theDefaultPortIsDroppedAndTheExternalBaseUriUsedBehindAProxy() {
    try (TestServer server =
        serve(IssuerPolicy.Dpop.ACCEPT, b -> b.externalBaseUri("https://api.example.com"))) {
      String token = bound();
      for (String htu :
          List.of("https://api.example.com/orders", "https://API.example.com:443/orders")) {
        String proof = client.builder("GET", URI.create(htu)).accessToken(token).sign();
        assertThat(dpop(server, "GET", "/orders", token, proof).statusCode())
            .as(htu)
            .isEqualTo(200);
      }
      // The URI the container saw is not the one clients use: refused.
      String direct = client.proof("GET", server.uri("/orders"), token);
      assertThat(dpop(server, "GET", "/orders", token, direct).statusCode()).isEqualTo(401);
      // Forwarded headers are never read.
      String forged = client.proof("GET", URI.create("https://evil.example/orders"), token);
      assertThat(
              server
                  .send(
                      "GET",
                      "/orders",
                      "Authorization",
                      "DPoP " + token,
                      "DPoP",
                      forged,
                      "X-Forwarded-Host",
                      "evil.example",
                      "Forwarded",
                      "host=evil.example")
                  .statusCode())
          .isEqualTo(401);
    }
  }

  @Test
  void aBoundTokenIsNeverABearerTokenWhateverTheMode() {
    for (IssuerPolicy.Dpop mode : IssuerPolicy.Dpop.values()) {
      TokenVerifier verifier =
          TokenVerifier.builder()
              .issuer(
                  IssuerPolicy.builder(issuer.issuer())
                      .audiences("api")
                      .jwksUri(issuer.jwksUri())
                      .dpop(mode)
                      .build())
              .build();
      try (TestServer server =
          TestServer.start(new RequireAuthFilter(Guard.builder(verifier).build()))) {
        HttpResponse<String> response = server.bearer("/orders", bound());
        assertThat(response.statusCode()).as(mode.name()).isEqualTo(401);
        assertThat(response.body()).as(mode.name()).contains("invalid_token");
      } finally {
        verifier.close();
      }
    }
  }

  @Test
  void acceptTakesPlainBearerTokensAndChallengesWithBothSchemes() {
    try (TestServer server = accepting()) {
      assertThat(server.bearer("/orders", issuer.token("alice")).statusCode()).isEqualTo(200);
      String missing = challenge(server.get("/orders"));
      assertThat(missing)
          .matches(
              "Bearer, DPoP algs=\"ES256 ES384 ES512 RS256 RS384 RS512 PS256 PS384 PS512 EdDSA\"");
      HttpResponse<String> bound = server.bearer("/orders", bound());
      assertThat(challenge(bound))
          .startsWith(
              "Bearer error=\"invalid_token\", error_description=\"a DPoP-bound token needs the DPoP scheme and a proof\", DPoP algs=");
    }
  }

  @Test
  void requireRefusesBearerTokensAndChallengesWithDpopOnly() {
    try (TestServer server =
        serve(IssuerPolicy.Dpop.REQUIRE, b -> b.algorithms(List.of("ES256", "EdDSA")))) {
      HttpResponse<String> bearer = server.bearer("/orders", issuer.token("alice"));
      assertThat(bearer.statusCode()).isEqualTo(401);
      assertThat(challenge(bearer))
          .isEqualTo(
              "DPoP error=\"invalid_token\", error_description=\"this issuer's tokens must be DPoP-bound\", algs=\"ES256 EdDSA\"");
      assertThat(challenge(server.get("/orders"))).isEqualTo("DPoP algs=\"ES256 EdDSA\"");
      // An unbound token with a proof: not bound to that key.
      String plain = issuer.token("alice");
      HttpResponse<String> unbound =
          dpop(server, "GET", "/orders", plain, client.proof("GET", server.uri("/orders"), plain));
      assertThat(unbound.statusCode()).isEqualTo(401);
      assertThat(challenge(unbound)).contains("token is not bound to the proof's key");
      // A proof algorithm outside the allow-list.
      DpopProver rsa = DpopProver.generate("RS256").clock(clock);
      String rsaBound = bound(rsa);
      assertThat(
              dpop(
                      server,
                      "GET",
                      "/orders",
                      rsaBound,
                      rsa.proof("GET", server.uri("/orders"), rsaBound))
                  .body())
          .contains("DPoP proof algorithm not allowed");
      DpopProver ed = DpopProver.generate("EdDSA").clock(clock);
      String edBound = bound(ed);
      assertThat(
              dpop(
                      server,
                      "GET",
                      "/orders",
                      edBound,
                      ed.proof("GET", server.uri("/orders"), edBound))
                  .statusCode())
          .isEqualTo(200);
    }
  }

  @Test
  void offRefusesTheDpopScheme() {
    TokenVerifier verifier =
        TokenVerifier.builder()
            .issuer(
                IssuerPolicy.builder(issuer.issuer())
                    .audiences("api")
                    .jwksUri(issuer.jwksUri())
                    .build())
            .build();
    try (TestServer server =
        TestServer.start(new RequireAuthFilter(Guard.builder(verifier).build()))) {
      String token = bound();
      HttpResponse<String> response =
          dpop(server, "GET", "/orders", token, client.proof("GET", server.uri("/orders"), token));
      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(challenge(response)).isEqualTo("Bearer");
    } finally {
      verifier.close();
    }
    assertThatThrownBy(
            () ->
                TokenVerifier.builder()
                    .issuer(
                        IssuerPolicy.builder(issuer.issuer())
                            .audiences("api")
                            .jwksUri(issuer.jwksUri())
                            .build())
                    .dpop(DpopPolicy.builder().build())
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no issuer accepts DPoP");
  }

  @Test
  void nonceIsIssuedRotatedAndSharedByNodesWithTheSecret() {
    UnaryOperator<DpopPolicy.Builder> nonces = b -> b.nonces(SECRET, Duration.ofMinutes(5));
    try (TestServer one = serve(IssuerPolicy.Dpop.REQUIRE, nonces);
        TestServer two = serve(IssuerPolicy.Dpop.REQUIRE, nonces)) {
      String token = bound();
      URI uri = one.uri("/orders");
      HttpResponse<String> first =
          dpop(one, "GET", "/orders", token, client.proof("GET", uri, token));
      assertThat(first.statusCode()).isEqualTo(401);
      assertThat(challenge(first)).startsWith("DPoP error=\"use_dpop_nonce\"");
      String nonce = first.headers().firstValue("DPoP-Nonce").orElseThrow();
      assertThat(first.body()).contains("\"code\":\"use_dpop_nonce\"");
      assertThat(
              dpop(one, "GET", "/orders", token, client.proof("GET", uri, token, nonce))
                  .statusCode())
          .isEqualTo(200);
      // The other node accepts the nonce: both derive it from the secret and the time.
      assertThat(
              dpop(
                      two,
                      "GET",
                      "/orders",
                      token,
                      client.proof("GET", two.uri("/orders"), token, nonce))
                  .statusCode())
          .isEqualTo(200);
      // Rotated: the previous nonce still counts for one period.
      clock.advance(Duration.ofMinutes(5));
      assertThat(
              dpop(one, "GET", "/orders", token, client.proof("GET", uri, token, nonce))
                  .statusCode())
          .isEqualTo(200);
      clock.advance(Duration.ofMinutes(5));
      HttpResponse<String> stale =
          dpop(one, "GET", "/orders", token, client.proof("GET", uri, token, nonce));
      assertThat(stale.statusCode()).isEqualTo(401);
      String fresh = stale.headers().firstValue("DPoP-Nonce").orElseThrow();
      assertThat(fresh).isNotEqualTo(nonce);
      assertThat(
              dpop(
                      two,
                      "GET",
                      "/orders",
                      token,
                      client.proof("GET", two.uri("/orders"), token, fresh))
                  .statusCode())
          .isEqualTo(200);
      assertThat(
              dpop(one, "GET", "/orders", token, client.proof("GET", uri, token, "made-up"))
                  .statusCode())
          .isEqualTo(401);
    }
  }

  @Test
  void aReplayStoreThatCannotAnswerRefusesUnlessToldToFailOpen() {
    ReplayStore broken =
        new ReplayStore() {
          @Override
          public boolean firstUse(String key, Instant until) {
            throw new IllegalStateException("store down");
          }

          @Override
          public void close() {}
        };
    try (TestServer closed = serve(IssuerPolicy.Dpop.ACCEPT, b -> b.replayStore(broken));
        TestServer open =
            serve(IssuerPolicy.Dpop.ACCEPT, b -> b.replayStore(broken).replayFailOpen(true))) {
      String token = bound();
      HttpResponse<String> refused =
          dpop(closed, "GET", "/orders", token, client.proof("GET", closed.uri("/orders"), token));
      assertThat(refused.statusCode()).isEqualTo(503);
      assertThat(refused.headers().firstValue("Retry-After")).isPresent();
      assertThat(refused.body()).doesNotContain("store down");
      assertThat(
              dpop(open, "GET", "/orders", token, client.proof("GET", open.uri("/orders"), token))
                  .statusCode())
          .isEqualTo(200);
    }
  }

  @Test
  void theMockIssuersTokenEndpointBindsTokensToTheProofKey() throws Exception {
    try (TestServer server = accepting()) {
      String proof = client.proof("POST", issuer.tokenUri());
      java.net.http.HttpResponse<String> answer =
          java.net.http.HttpClient.newHttpClient()
              .send(
                  java.net.http.HttpRequest.newBuilder(issuer.tokenUri())
                      .header("Content-Type", "application/x-www-form-urlencoded")
                      .header("DPoP", proof)
                      .POST(
                          java.net.http.HttpRequest.BodyPublishers.ofString(
                              "grant_type=client_credentials&client_id=c&resource=api"))
                      .build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString());
      Map<String, Object> json = org.jose4j.json.JsonUtil.parseJson(answer.body());
      assertThat(json.get("token_type")).isEqualTo("DPoP");
      String token = (String) json.get("access_token");
      assertThat(
              dpop(
                      server,
                      "GET",
                      "/orders",
                      token,
                      client.proof("GET", server.uri("/orders"), token))
                  .statusCode())
          .isEqualTo(200);
      assertThat(server.bearer("/orders", token).statusCode()).isEqualTo(401);
    }
  }

  @Test
  void theMetadataAdvertisesDpopAndCertificateBinding() throws Exception {
    TokenVerifier verifier =
        TokenVerifier.builder()
            .clock(clock)
            .resource("https://api.example.com")
            .issuer(
                IssuerPolicy.builder(issuer.issuer())
                    .jwksUri(issuer.jwksUri())
                    .dpop(IssuerPolicy.Dpop.REQUIRE)
                    .build())
            .dpop(DpopPolicy.builder().algorithms(List.of("EdDSA", "ES256")).build())
            .build();
    open.add(verifier);
    try (TestServer server =
        TestServer.start(
            new RequireAuthFilter(
                Guard.builder(verifier).certificateBoundPaths(List.of("/admin/*")).build()))) {
      Map<String, Object> doc =
          org.jose4j.json.JsonUtil.parseJson(
              server.get("/.well-known/oauth-protected-resource").body());
      assertThat(doc.get("dpop_signing_alg_values_supported")).isEqualTo(List.of("ES256", "EdDSA"));
      assertThat(doc.get("dpop_bound_access_tokens_required")).isEqualTo(true);
      assertThat(doc.get("tls_client_certificate_bound_access_tokens")).isEqualTo(true);
      assertThat(challenge(server.get("/x")))
          .isEqualTo(
              "DPoP algs=\"ES256 EdDSA\", resource_metadata=\"https://api.example.com/.well-known/oauth-protected-resource\"");
    }
  }
}
