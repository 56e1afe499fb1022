package dev.gatehouse.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.BackChannelLogout;
import dev.gatehouse.Guard;
import dev.gatehouse.Revocations;
import dev.gatehouse.TestVerifiers;
import dev.gatehouse.TokenVerifier;
import dev.gatehouse.testkit.Delivery;
import dev.gatehouse.testkit.MockIssuer;
import dev.gatehouse.testkit.TokenBuilder;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The OpenID Connect back-channel logout receiver, served by the filter on a real Jetty: a valid
 * logout token revokes its session or subject at once (cache included), and each rule of §2.6
 * broken one at a time is refused with 400 and changes nothing.
 */
final class BackChannelLogoutTest {
  private static final String CLIENT = "web-client";
  private static final String PATH = "/backchannel-logout";

  private MockIssuer issuer;
  private MockIssuer stranger;
  private TokenVerifier verifier;
  private TestServer server;

  @BeforeEach
  void start() {
    issuer = MockIssuer.start();
    stranger = MockIssuer.start();
    verifier = TestVerifiers.of(issuer);
    Guard guard =
        Guard.builder(verifier)
            .excludePaths("/health")
            .endpoint(PATH, BackChannelLogout.builder(verifier).audiences(CLIENT).build())
            .build();
    server = TestServer.start(new RequireAuthFilter(guard));
  }

  @AfterEach
  void stop() {
    server.close();
    verifier.close();
    issuer.close();
    stranger.close();
  }

  private Delivery deliver(String logoutToken) {
    return MockIssuer.deliverLogout(server.uri(PATH), logoutToken);
  }

  private String session(String sid) {
    return issuer.token().claim("sid", sid).sign();
  }

  @Test
  void aSessionLogoutRevokesThatSessionsTokensAtOnceCacheIncluded() {
    String token = session("s-1");
    String other = session("s-2");
    assertThat(server.bearer("/api", token).statusCode()).isEqualTo(200);
    assertThat(server.bearer("/api", other).statusCode()).isEqualTo(200);

    Delivery answer = deliver(issuer.logoutToken(CLIENT).claim("sid", "s-1").sign());

    assertThat(answer.status()).isEqualTo(200);
    HttpResponse<String> refused = server.bearer("/api", token);
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.body()).contains("token revoked");
    assertThat(refused.headers().firstValue("WWW-Authenticate").orElseThrow())
        .contains("error=\"invalid_token\"");
    assertThat(server.bearer("/api", other).statusCode()).isEqualTo(200);
    assertThat(verifier.revocations().entries())
        .singleElement()
        .satisfies(e -> assertThat(e.kind()).isEqualTo(Revocations.Kind.SESSION));
  }

  @Test
  void aSubjectLogoutRevokesTokensIssuedBeforeItButNotLaterOnes() {
    String before = issuer.token().subject("alice").sign();
    String bob = issuer.token().subject("bob").sign();
    assertThat(server.bearer("/api", before).statusCode()).isEqualTo(200);

    assertThat(deliver(issuer.logoutToken(CLIENT).subject("alice").sign()).status()).isEqualTo(200);

    assertThat(server.bearer("/api", before).statusCode()).isEqualTo(401);
    assertThat(server.bearer("/api", bob).statusCode()).isEqualTo(200);
    String later = issuer.token().subject("alice").issuedAt(Instant.now().plusSeconds(2)).sign();
    assertThat(server.bearer("/api", later).statusCode()).isEqualTo(200);
  }

  @Test
  void theAnswerIsNeverCachedAndTheEndpointNeedsNoBearerToken() {
    HttpResponse<String> answer =
        server.post(
            PATH,
            "logout_token="
                + URLEncoder.encode(
                    issuer.logoutToken(CLIENT).claim("sid", "s-9").sign(), StandardCharsets.UTF_8));
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.headers().firstValue("Cache-Control")).contains("no-store");
    assertThat(answer.headers().firstValue("WWW-Authenticate")).isEmpty();
  }

  @Test
  void onlyTheExactPathIsTheEndpointOtherPathsStayProtected() {
    String logout = issuer.logoutToken(CLIENT).claim("sid", "s-1").sign();
    Delivery trailing = MockIssuer.deliverLogout(server.uri(PATH + "/x"), logout);
    Delivery encoded = MockIssuer.deliverLogout(server.uri("/backchannel%2Dlogout;x=1"), logout);
    assertThat(trailing.status()).isEqualTo(401);
    assertThat(encoded.status()).isIn(200, 401);
    // Whatever the container made of the path parameter, the guarded application was not reached
    // without a token.
    assertThat(encoded.body()).doesNotContain("principal");
  }

  @Test
  void otherMethodsAndMediaTypesAreRefused() {
    HttpResponse<String> get = server.get(PATH);
    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(get.headers().firstValue("Allow")).contains("POST");
    HttpResponse<String> head = server.send("HEAD", PATH);
    assertThat(head.statusCode()).isEqualTo(405);
    assertThat(server.send("POST", PATH, "Content-Type", "application/json").statusCode())
        .isEqualTo(400);
    assertThat(verifier.revocations().count()).isZero();
  }

  @Test
  void anOversizeBodyIsRefusedWith413() {
    String padding = "x".repeat(BackChannelLogout.DEFAULT_MAX_BODY_BYTES);
    Delivery answer =
        MockIssuer.deliverLogout(
            server.uri(PATH), issuer.logoutToken(CLIENT).claim("sid", padding).sign());
    assertThat(answer.status()).isEqualTo(413);
    assertThat(answer.body()).contains("\"error\":\"invalid_request\"");
    assertThat(verifier.revocations().count()).isZero();
  }

  @Test
  void twoLogoutTokensOrNoneAreRefused() {
    String token = issuer.logoutToken(CLIENT).claim("sid", "s-1").sign();
    assertThat(server.post(PATH, "logout_token=" + token + "&logout_token=" + token).statusCode())
        .isEqualTo(400);
    assertThat(server.post(PATH, "other=1").statusCode()).isEqualTo(400);
    assertThat(server.post(PATH, "logout_token=%zz").statusCode()).isEqualTo(400);
    assertThat(verifier.revocations().count()).isZero();
  }

  @Test
  void aReplayedLogoutTokenIsRefused() {
    String token = issuer.logoutToken(CLIENT).claim("sid", "s-1").sign();
    assertThat(deliver(token).status()).isEqualTo(200);
    Delivery replay = deliver(token);
    assertThat(replay.status()).isEqualTo(400);
    assertThat(replay.body()).contains("replayed");
  }

  @Test
  void anUnknownKidRefreshesTheKeysOnce() {
    assertThat(deliver(issuer.logoutToken(CLIENT).claim("sid", "s-0").sign()).status())
        .isEqualTo(200);
    int fetches = issuer.jwks().hits();
    String kid = issuer.rotate();
    Delivery answer = deliver(issuer.logoutToken(CLIENT).kid(kid).claim("sid", "s-1").sign());
    assertThat(answer.status()).isEqualTo(200);
    assertThat(issuer.jwks().hits()).isEqualTo(fetches + 1);
    Delivery unknown =
        deliver(issuer.logoutToken(CLIENT).headerKid("never-made").claim("sid", "s-2").sign());
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(issuer.jwks().hits()).isLessThanOrEqualTo(fetches + 2);
  }

  static List<Arguments> brokenRules() {
    return List.of(
        broken("missing events", t -> t.withoutClaim("events")),
        broken("events not an object", t -> t.claim("events", List.of(BackChannelLogout.EVENT))),
        broken(
            "event member not an object",
            t -> t.claim("events", Map.of(BackChannelLogout.EVENT, "yes"))),
        broken("other event only", t -> t.claim("events", Map.of("urn:other", Map.of()))),
        broken("nonce present", t -> t.claim("nonce", "n-1")),
        broken("wrong aud", t -> t.audience("someone-else")),
        broken("access-token aud", t -> t.audience("api")),
        broken("untrusted iss", t -> t.issuer("https://evil.example")),
        broken("stale iat", t -> t.issuedAt(Instant.now().minus(Duration.ofMinutes(10)))),
        broken("future iat", t -> t.issuedAt(Instant.now().plus(Duration.ofMinutes(10)))),
        broken("missing iat", t -> t.withoutClaim("iat")),
        broken("expired", t -> t.expiresAt(Instant.now().minus(Duration.ofMinutes(5)))),
        broken("missing jti", t -> t.jwtId(null)),
        broken("neither sub nor sid", t -> t.subject(null).withoutClaim("sid")),
        broken("sid not a string", t -> t.claim("sid", 42)),
        broken("typ at+jwt", t -> t.typ("at+jwt")),
        broken("typ JWT", t -> t.typ("JWT")),
        broken("alg none", t -> t.algorithm("none")),
        broken("HS256 with the public key", t -> t.algorithm("HS256")));
  }

  private static Arguments broken(String rule, UnaryOperator<TokenBuilder> change) {
    return Arguments.of(rule, change);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenRules")
  void eachBrokenRuleIsRefusedWithoutSideEffects(String rule, UnaryOperator<TokenBuilder> change) {
    String token = session("s-1");
    assertThat(server.bearer("/api", token).statusCode()).isEqualTo(200);
    Delivery answer = deliver(change.apply(issuer.logoutToken(CLIENT).claim("sid", "s-1")).sign());
    assertThat(answer.status()).as(rule).isEqualTo(400);
    assertThat(answer.body()).startsWith("{\"error\":\"invalid_request\",\"error_description\":");
    assertThat(verifier.revocations().count()).as(rule).isZero();
    assertThat(server.bearer("/api", token).statusCode()).as(rule).isEqualTo(200);
  }

  @Test
  void aTokenSignedByAnotherIssuersKeyIsRefused() {
    String forged = stranger.logoutToken(CLIENT).issuer(issuer.issuer()).claim("sid", "s-1").sign();
    assertThat(deliver(forged).status()).isEqualTo(400);
    assertThat(verifier.revocations().count()).isZero();
  }

  @Test
  void aRefusedTokenDoesNotBurnItsJti() {
    TokenBuilder good = issuer.logoutToken(CLIENT).jwtId("j-1").claim("sid", "s-1");
    String bad = issuer.logoutToken("someone-else").jwtId("j-1").claim("sid", "s-1").sign();
    assertThat(deliver(bad).status()).isEqualTo(400);
    assertThat(deliver(good.sign()).status()).isEqualTo(200);
  }

  @Test
  void theReceiverNeedsItsClientIds() {
    assertThatThrownBy(() -> BackChannelLogout.builder(verifier).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("client ids");
    assertThatThrownBy(() -> BackChannelLogout.builder(verifier).audiences("*"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                Guard.builder(verifier)
                    .endpoint(
                        "/logout/*", BackChannelLogout.builder(verifier).audiences(CLIENT).build()))
        .hasMessageContaining("exact");
  }

  @Test
  void configuredByInitParams() {
    Map<String, String> params =
        Map.of(
            "issuer",
            issuer.issuer(),
            "jwks-uri",
            issuer.jwksUri().toString(),
            "audience",
            "api",
            "backchannel-logout-path",
            PATH,
            "backchannel-logout-audience",
            CLIENT,
            "backchannel-logout-max-age-seconds",
            "60");
    try (TestServer configured = TestServer.start(RequireAuthFilter.class, params)) {
      String token = session("s-7");
      assertThat(configured.bearer("/api", token).statusCode()).isEqualTo(200);
      URI endpoint = configured.uri(PATH);
      assertThat(
              MockIssuer.deliverLogout(
                      endpoint, issuer.logoutToken(CLIENT).claim("sid", "s-7").sign())
                  .status())
          .isEqualTo(200);
      assertThat(configured.bearer("/api", token).statusCode()).isEqualTo(401);
    }
  }

  @Test
  void logoutSettingsWithoutThePathOrTheAudienceFailTheStart() {
    Map<String, String> noAudience =
        Map.of(
            "issuer",
            issuer.issuer(),
            "jwks-uri",
            issuer.jwksUri().toString(),
            "audience",
            "api",
            "backchannel-logout-path",
            PATH);
    assertThatThrownBy(() -> dev.gatehouse.Settings.guard(noAudience))
        .hasMessageContaining("backchannel-logout-audience");
    Map<String, String> noPath =
        Map.of(
            "issuer",
            issuer.issuer(),
            "jwks-uri",
            issuer.jwksUri().toString(),
            "audience",
            "api",
            "backchannel-logout-audience",
            CLIENT);
    assertThatThrownBy(() -> dev.gatehouse.Settings.guard(noPath))
        .hasMessageContaining("backchannel-logout-path");
  }
}
