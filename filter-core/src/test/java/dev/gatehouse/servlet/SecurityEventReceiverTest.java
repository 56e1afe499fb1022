package dev.gatehouse.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.Guard;
import dev.gatehouse.Revocations;
import dev.gatehouse.SecurityEventReceiver;
import dev.gatehouse.Settings;
import dev.gatehouse.TestVerifiers;
import dev.gatehouse.TokenVerifier;
import dev.gatehouse.testkit.Delivery;
import dev.gatehouse.testkit.MockIssuer;
import dev.gatehouse.testkit.TokenBuilder;
import java.net.http.HttpResponse;
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
 * The Shared Signals push receiver (RFC 8935) on a real Jetty: CAEP and RISC events revoke the
 * tokens they name at once, cache included, for each subject format; each rule broken one at a time
 * is refused with the RFC 8935 error body and changes nothing.
 */
final class SecurityEventReceiverTest {
  private static final String PATH = "/ssf/events";
  private static final String RECEIVER = "https://api.example.com";

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
            .endpoint(
                PATH,
                SecurityEventReceiver.builder(verifier)
                    .audiences(RECEIVER)
                    .transmitters(issuer.issuer())
                    .build())
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

  private Delivery deliver(String set) {
    return MockIssuer.deliverSecurityEvent(server.uri(PATH), set);
  }

  private TokenBuilder event(String type, Map<String, Object> payload) {
    return issuer.securityEvent(RECEIVER).claim("events", Map.of(type, payload));
  }

  private Map<String, Object> issSub(String sub) {
    return Map.of("format", "iss_sub", "iss", issuer.issuer(), "sub", sub);
  }

  @Test
  void sessionRevokedWithAComplexSubjectRevokesThatSession() {
    String token = issuer.token().subject("alice").claim("sid", "s-1").sign();
    String other = issuer.token().subject("alice").claim("sid", "s-2").sign();
    assertThat(server.bearer("/api", token).statusCode()).isEqualTo(200);

    Delivery answer =
        deliver(
            event(
                    SecurityEventReceiver.SESSION_REVOKED,
                    Map.of(
                        "subject",
                        Map.of(
                            "format", "complex",
                            "user", issSub("alice"),
                            "session", Map.of("format", "opaque", "id", "s-1"))))
                .sign());

    assertThat(answer.status()).isEqualTo(202);
    assertThat(answer.body()).isEmpty();
    HttpResponse<String> refused = server.bearer("/api", token);
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.body()).contains("token revoked");
    assertThat(server.bearer("/api", other).statusCode()).isEqualTo(200);
  }

  static List<Arguments> accountEvents() {
    return List.of(
        Arguments.of(SecurityEventReceiver.CREDENTIAL_CHANGE),
        Arguments.of(SecurityEventReceiver.ACCOUNT_DISABLED),
        Arguments.of(SecurityEventReceiver.ACCOUNT_PURGED),
        Arguments.of(SecurityEventReceiver.SESSIONS_REVOKED),
        Arguments.of(SecurityEventReceiver.SESSION_REVOKED));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("accountEvents")
  void anAccountEventRevokesEveryTokenOfTheUserIssuedBeforeIt(String type) {
    String alice = issuer.token().subject("alice").sign();
    String bob = issuer.token().subject("bob").sign();
    assertThat(server.bearer("/api", alice).statusCode()).isEqualTo(200);

    assertThat(deliver(event(type, Map.of("subject", issSub("alice"))).sign()).status())
        .isEqualTo(202);

    assertThat(server.bearer("/api", alice).statusCode()).isEqualTo(401);
    assertThat(server.bearer("/api", bob).statusCode()).isEqualTo(200);
    String later = issuer.token().subject("alice").issuedAt(Instant.now().plusSeconds(2)).sign();
    assertThat(server.bearer("/api", later).statusCode()).isEqualTo(200);
  }

  @Test
  void opaqueAndEmailSubjectsAndTheTopLevelSubIdAreUnderstood() {
    String carol = issuer.token().subject("carol").sign();
    String dave = issuer.token().subject("dave-id").claim("email", "dave@example.com").sign();
    assertThat(
            deliver(
                    issuer
                        .securityEvent(RECEIVER)
                        .claim("sub_id", Map.of("format", "opaque", "id", "carol"))
                        .claim("events", Map.of(SecurityEventReceiver.CREDENTIAL_CHANGE, Map.of()))
                        .sign())
                .status())
        .isEqualTo(202);
    assertThat(
            deliver(
                    event(
                            SecurityEventReceiver.ACCOUNT_DISABLED,
                            Map.of(
                                "subject", Map.of("format", "email", "email", "dave@example.com")))
                        .sign())
                .status())
        .isEqualTo(202);
    assertThat(server.bearer("/api", carol).statusCode()).isEqualTo(401);
    assertThat(server.bearer("/api", dave).statusCode()).isEqualTo(401);
    assertThat(verifier.revocations().entries())
        .extracting(Revocations.Entry::kind)
        .containsExactlyInAnyOrder(Revocations.Kind.SUBJECT, Revocations.Kind.EMAIL);
  }

  @Test
  void aCaepEventTimestampBoundsTheRevocation() {
    Instant change = Instant.now().minusSeconds(60);
    String before = issuer.token().subject("erin").issuedAt(change.minusSeconds(30)).sign();
    String after = issuer.token().subject("erin").issuedAt(change.plusSeconds(30)).sign();
    assertThat(
            deliver(
                    event(
                            SecurityEventReceiver.CREDENTIAL_CHANGE,
                            Map.of(
                                "subject",
                                issSub("erin"),
                                "event_timestamp",
                                change.getEpochSecond()))
                        .sign())
                .status())
        .isEqualTo(202);
    assertThat(server.bearer("/api", before).statusCode()).isEqualTo(401);
    assertThat(server.bearer("/api", after).statusCode()).isEqualTo(200);
  }

  @Test
  void unknownEventTypesAreAcceptedAndIgnored() {
    Delivery answer =
        deliver(
            event(
                    "https://schemas.openid.net/secevent/caep/event-type/device-compliance-change",
                    Map.of("subject", issSub("alice")))
                .sign());
    assertThat(answer.status()).isEqualTo(202);
    assertThat(verifier.revocations().count()).isZero();
  }

  static List<Arguments> brokenRules() {
    return List.of(
        broken("missing events", "invalid_request", t -> t.withoutClaim("events")),
        broken("events not an object", "invalid_request", t -> t.claim("events", List.of("x"))),
        broken(
            "event not an object",
            "invalid_request",
            t -> t.claim("events", Map.of(SecurityEventReceiver.CREDENTIAL_CHANGE, "x"))),
        broken("wrong aud", "invalid_audience", t -> t.audience("https://other.example")),
        broken("untrusted iss", "invalid_issuer", t -> t.issuer("https://evil.example")),
        broken("stale iat", "invalid_request", t -> t.issuedAt(Instant.now().minusSeconds(3600))),
        broken("future iat", "invalid_request", t -> t.issuedAt(Instant.now().plusSeconds(600))),
        broken("missing iat", "invalid_request", t -> t.withoutClaim("iat")),
        broken(
            "expired",
            "invalid_request",
            t -> t.expiresAt(Instant.now().minus(Duration.ofMinutes(5)))),
        broken("missing jti", "invalid_request", t -> t.jwtId(null)),
        broken("no typ", "invalid_request", t -> t.typ(null)),
        broken("typ JWT", "invalid_request", t -> t.typ("JWT")),
        broken("typ logout+jwt", "invalid_request", t -> t.typ("logout+jwt")),
        broken("alg none", "invalid_key", t -> t.algorithm("none")),
        broken("HS256 with the public key", "invalid_key", t -> t.algorithm("HS256")),
        broken("unknown kid", "invalid_key", t -> t.headerKid("never-made")),
        broken(
            "no subject",
            "invalid_request",
            t -> t.claim("events", Map.of(SecurityEventReceiver.CREDENTIAL_CHANGE, Map.of()))),
        broken(
            "unsupported subject format",
            "invalid_request",
            t ->
                t.claim(
                    "events",
                    Map.of(
                        SecurityEventReceiver.CREDENTIAL_CHANGE,
                        Map.of("subject", Map.of("format", "phone_number", "phone_number", "1"))))),
        broken(
            "session not opaque",
            "invalid_request",
            t ->
                t.claim(
                    "events",
                    Map.of(
                        SecurityEventReceiver.SESSION_REVOKED,
                        Map.of("subject", Map.of("format", "complex", "session", "s-1"))))));
  }

  private static Arguments broken(String rule, String err, UnaryOperator<TokenBuilder> change) {
    return Arguments.of(rule, err, change);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenRules")
  void eachBrokenRuleIsRefusedWithoutSideEffects(
      String rule, String err, UnaryOperator<TokenBuilder> change) {
    String token = issuer.token().subject("alice").sign();
    assertThat(server.bearer("/api", token).statusCode()).isEqualTo(200);
    TokenBuilder set =
        event(SecurityEventReceiver.CREDENTIAL_CHANGE, Map.of("subject", issSub("alice")));
    Delivery answer = deliver(change.apply(set).sign());
    assertThat(answer.status()).as(rule).isEqualTo(400);
    assertThat(answer.body()).as(rule).startsWith("{\"err\":\"" + err + "\",\"description\":");
    assertThat(verifier.revocations().count()).as(rule).isZero();
    assertThat(server.bearer("/api", token).statusCode()).as(rule).isEqualTo(200);
  }

  @Test
  void aReplayedSetAndAForgedOneAreRefused() {
    String set =
        event(SecurityEventReceiver.CREDENTIAL_CHANGE, Map.of("subject", issSub("a"))).sign();
    assertThat(deliver(set).status()).isEqualTo(202);
    Delivery replay = deliver(set);
    assertThat(replay.status()).isEqualTo(400);
    assertThat(replay.body()).contains("replayed");
    String forged =
        stranger
            .securityEvent(RECEIVER)
            .issuer(issuer.issuer())
            .claim(
                "events",
                Map.of(SecurityEventReceiver.CREDENTIAL_CHANGE, Map.of("subject", issSub("b"))))
            .sign();
    Delivery refused = deliver(forged);
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.body()).contains("\"err\":\"invalid_key\"");
    assertThat(verifier.revocations().count()).isEqualTo(1);
  }

  @Test
  void otherMethodsMediaTypesAndOversizeBodiesAreRefused() {
    assertThat(server.get(PATH).statusCode()).isEqualTo(405);
    assertThat(server.post(PATH, "x=1").statusCode()).isEqualTo(400);
    String padded =
        event(
                SecurityEventReceiver.CREDENTIAL_CHANGE,
                Map.of("subject", issSub("x".repeat(20_000))))
            .sign();
    assertThat(deliver(padded).status()).isEqualTo(413);
    assertThat(verifier.revocations().count()).isZero();
  }

  @Test
  void configuredByInitParamsAndRefusedWithoutItsCompanions() {
    Map<String, String> params =
        Map.of(
            "issuer",
            issuer.issuer(),
            "jwks-uri",
            issuer.jwksUri().toString(),
            "audience",
            "api",
            "ssf-receiver-path",
            PATH,
            "ssf-audience",
            RECEIVER,
            "ssf-transmitters",
            issuer.issuer());
    try (TestServer configured = TestServer.start(RequireAuthFilter.class, params)) {
      String token = issuer.token().subject("frank").sign();
      assertThat(configured.bearer("/api", token).statusCode()).isEqualTo(200);
      Delivery answer =
          MockIssuer.deliverSecurityEvent(
              configured.uri(PATH),
              event(SecurityEventReceiver.ACCOUNT_DISABLED, Map.of("subject", issSub("frank")))
                  .sign());
      assertThat(answer.status()).isEqualTo(202);
      assertThat(configured.bearer("/api", token).statusCode()).isEqualTo(401);
    }
    Map<String, String> noTransmitters =
        Map.of(
            "issuer",
            issuer.issuer(),
            "jwks-uri",
            issuer.jwksUri().toString(),
            "audience",
            "api",
            "ssf-receiver-path",
            PATH,
            "ssf-audience",
            RECEIVER);
    assertThatThrownBy(() -> Settings.guard(noTransmitters))
        .hasMessageContaining("ssf-transmitters");
    Map<String, String> strangeTransmitter =
        Map.of(
            "issuer",
            issuer.issuer(),
            "jwks-uri",
            issuer.jwksUri().toString(),
            "audience",
            "api",
            "ssf-receiver-path",
            PATH,
            "ssf-audience",
            RECEIVER,
            "ssf-transmitters",
            "https://elsewhere.example");
    assertThatThrownBy(() -> Settings.guard(strangeTransmitter))
        .hasMessageContaining("ssf-transmitters")
        .hasMessageContaining("configured issuer");
  }
}
