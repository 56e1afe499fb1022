package dev.gatehouse.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.IssuerPolicy;
import dev.gatehouse.TokenVerifier;
import dev.gatehouse.testkit.MockIssuer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.keys.EllipticCurves;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every rule and failure reason of issue 2, through a real Jetty and a real loopback JWKS. */
final class RequireAuthFilterTest {
  private static MockIssuer issuer;
  private static TestServer server;
  private static String rsaKid;
  private static String edKid;
  private static String psKid;

  @BeforeAll
  static void start() {
    issuer = MockIssuer.start();
    // Published before the first fetch: kids added later wait for the unknown-kid cooldown.
    rsaKid = issuer.addKey("RS256");
    edKid = issuer.addKey("EdDSA");
    psKid = issuer.addKey("PS256");
    TokenVerifier verifier =
        TokenVerifier.builder()
            .issuer(
                IssuerPolicy.builder(issuer.issuer())
                    .audiences("api")
                    .jwksUri(issuer.jwksUri())
                    .algorithms("ES256", "RS256", "EdDSA")
                    .build())
            .build();
    server = TestServer.start(new RequireAuthFilter(verifier));
  }

  @AfterAll
  static void stop() {
    server.close();
    issuer.close();
  }

  @Test
  void validTokenReachesTheApplicationAsPrincipal() {
    HttpResponse<String> response =
        server.bearer("/api/orders", issuer.token().subject("alice").roles("admin").sign());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body())
        .isEqualTo("user=alice type=Bearer principal=alice auth=alice failure=null admin=true");
  }

  @Test
  void rsaAndEd25519TokensAreAccepted() {
    for (String kid : new String[] {rsaKid, edKid}) {
      HttpResponse<String> response =
          server.bearer("/x", issuer.token().kid(kid).subject("k-" + kid).sign());
      assertThat(response.statusCode()).as(kid).isEqualTo(200);
      assertThat(response.body()).startsWith("user=k-" + kid);
    }
  }

  @Test
  void schemeIsCaseInsensitive() {
    HttpResponse<String> response =
        server.get("/x", "Authorization", "bEaReR " + issuer.token("bob"));

    assertThat(response.statusCode()).isEqualTo(200);
  }

  @Test
  void missingTokenGets401WithBareChallenge() {
    HttpResponse<String> response = server.get("/x");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    assertThat(response.body())
        .isEqualTo("{\"error\":{\"code\":\"missing_token\",\"message\":\"no bearer token\"}}");
  }

  @Test
  void otherSchemeCountsAsMissingToken() {
    HttpResponse<String> response = server.get("/x", "Authorization", "Basic dXNlcjpwYXNz");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
  }

  @Test
  void twoAuthorizationHeadersAreAnInvalidRequest() {
    String token = issuer.token("bob");
    HttpResponse<String> response =
        server.get("/x", "Authorization", "Bearer " + token, "Authorization", "Bearer " + token);

    assertInvalid(response, 400, "invalid_request", "more than one Authorization header");
  }

  @Test
  void malformedHeaderIsAnInvalidRequest() {
    assertInvalid(
        server.get("/x", "Authorization", "Bearer"),
        400,
        "invalid_request",
        "bearer token is empty");
    assertInvalid(
        server.get("/x", "Authorization", "Bearer a b"),
        400,
        "invalid_request",
        "bearer token has characters outside token68");
  }

  @Test
  void malformedTokenIsInvalid() {
    assertInvalid(
        server.bearer("/x", "not-a-jwt"), 401, "invalid_token", "token is not a compact JWS");
  }

  @Test
  void oversizedTokenIsRejectedBeforeParsing() {
    assertInvalid(
        server.bearer("/x", "a".repeat(16 * 1024 + 1)), 401, "invalid_token", "token is too large");
  }

  @Test
  void tamperedSignatureIsInvalid() {
    String token = issuer.token("alice");
    String[] parts = token.split("\\.");
    String otherClaims = issuer.token().subject("mallory").sign().split("\\.")[1];

    assertInvalid(
        server.bearer("/x", parts[0] + "." + otherClaims + "." + parts[2]),
        401,
        "invalid_token",
        "signature does not verify");
  }

  @Test
  void unknownKidIsInvalid() {
    assertInvalid(
        server.bearer("/x", issuer.token().headerKid("no-such-key").sign()),
        401,
        "invalid_token",
        "no signing key matches the token");
  }

  @Test
  void algorithmOffTheAllowListIsInvalid() {
    assertInvalid(
        server.bearer("/x", issuer.token().kid(psKid).sign()),
        401,
        "invalid_token",
        "algorithm not allowed");
  }

  @Test
  void expiredTokenIsRejectedWith401() {
    Instant past = Instant.now().minus(Duration.ofMinutes(10));
    String token = issuer.token().issuedAt(past.minusSeconds(60)).expiresAt(past).sign();

    assertInvalid(server.bearer("/x", token), 401, "invalid_token", "token expired");
  }

  @Test
  void notYetValidTokenIsRejected() {
    String token = issuer.token().notBefore(Instant.now().plus(Duration.ofMinutes(5))).sign();
    assertInvalid(server.bearer("/x", token), 401, "invalid_token", "token not yet valid");
  }

  @Test
  void tokenIssuedInTheFutureIsRejected() {
    Instant future = Instant.now().plus(Duration.ofMinutes(5));
    String token =
        issuer.token().issuedAt(future).expiresAt(future.plus(Duration.ofMinutes(5))).sign();
    assertInvalid(server.bearer("/x", token), 401, "invalid_token", "token issued in the future");
  }

  @Test
  void untrustedIssuerIsRejected() {
    assertInvalid(
        server.bearer("/x", issuer.token().issuer("https://evil.example").sign()),
        401,
        "invalid_token",
        "issuer not trusted");
    assertInvalid(
        server.bearer("/x", issuer.token().issuer(issuer.issuer() + "/").sign()),
        401,
        "invalid_token",
        "issuer not trusted");
  }

  @Test
  void wrongAudienceIsRejected() {
    assertInvalid(
        server.bearer("/x", issuer.token().audience("other").sign()),
        401,
        "invalid_token",
        "audience not accepted");
    assertThat(server.bearer("/x", issuer.token().audience("other", "api").sign()).statusCode())
        .isEqualTo(200);
  }

  @Test
  void missingClaimsAreRejected() {
    assertInvalid(
        server.bearer("/x", issuer.token().withoutClaim("sub").sign()),
        401,
        "invalid_token",
        "sub claim is missing");
    assertInvalid(
        server.bearer("/x", issuer.token().withoutClaim("exp").sign()),
        401,
        "invalid_token",
        "exp claim is missing");
    assertInvalid(
        server.bearer("/x", issuer.token().claim("exp", "tomorrow").sign()),
        401,
        "invalid_token",
        "exp claim has the wrong type");
  }

  @Test
  void algNoneIsRejected() {
    String header = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
    String claims = issuer.token("alice").split("\\.")[1];

    assertInvalid(
        server.bearer("/x", header + "." + claims + "."),
        401,
        "invalid_token",
        "unsigned tokens are not accepted");
    String noneSigned = b64("{\"alg\":\"nOnE\"}") + "." + claims + "." + b64("x");
    assertInvalid(
        server.bearer("/x", noneSigned), 401, "invalid_token", "unsigned tokens are not accepted");
  }

  @Test
  void hs256SignedWithThePublicKeyIsRejected() {
    String token = issuer.token().kid(rsaKid).algorithm("HS256").sign();

    assertInvalid(server.bearer("/x", token), 401, "invalid_token", "algorithm not allowed");
  }

  @Test
  void embeddedJwkHeaderIsNeverUsed() throws Exception {
    EllipticCurveJsonWebKey attacker = EcJwkGenerator.generateJwk(EllipticCurves.P256);
    attacker.setKeyId(issuer.signingKid());
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(claimsJson(issuer.token("mallory")));
    jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
    jws.setKeyIdHeaderValue(issuer.signingKid());
    jws.setJwkHeader(attacker);
    jws.setKey(attacker.getPrivateKey());

    assertInvalid(
        server.bearer("/x", jws.getCompactSerialization()),
        401,
        "invalid_token",
        "signature does not verify");
  }

  @Test
  void jkuHeaderIsNeverFetched() {
    try (MockIssuer attacker = MockIssuer.start()) {
      String token =
          attacker
              .token()
              .issuer(issuer.issuer())
              .header("jku", attacker.jwksUri().toString())
              .sign();

      assertInvalid(
          server.bearer("/x", token), 401, "invalid_token", "no signing key matches the token");
      assertThat(attacker.jwks().hits()).isZero();
    }
  }

  @Test
  void queryStringTokenIsIgnoredByDefault() {
    HttpResponse<String> response = server.get("/x?access_token=" + issuer.token("alice"));

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body()).contains("missing_token");
  }

  @Test
  void corsPreflightPassesUnauthenticated() {
    HttpResponse<String> preflight =
        server.send(
            "OPTIONS",
            "/x",
            "Origin",
            "https://app.example",
            "Access-Control-Request-Method",
            "GET");
    HttpResponse<String> plainOptions = server.send("OPTIONS", "/x");

    assertThat(preflight.statusCode()).isEqualTo(200);
    assertThat(preflight.body()).startsWith("user=null");
    assertThat(plainOptions.statusCode()).isEqualTo(401);
  }

  @Test
  void keysUnavailableIsA503WithRetryAfter() {
    try (MockIssuer down = MockIssuer.start()) {
      down.jwks().respondWith(500);
      TokenVerifier verifier =
          TokenVerifier.builder()
              .issuer(
                  IssuerPolicy.builder(down.issuer())
                      .audiences("api")
                      .jwksUri(down.jwksUri())
                      .build())
              .build();
      try (TestServer s = TestServer.start(new RequireAuthFilter(verifier))) {
        HttpResponse<String> response = s.bearer("/x", down.token("alice"));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After"))
            .hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isPositive());
        assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
        assertThat(response.body())
            .isEqualTo(
                "{\"error\":{\"code\":\"temporarily_unavailable\",\"message\":\"signing keys unavailable\"}}");
      }
    }
  }

  @Test
  void errorResponsesNeverEchoTheToken() {
    String token = issuer.token().audience("other").subject("secret-subject").sign();
    HttpResponse<String> response = server.bearer("/x", token);

    assertThat(response.body()).doesNotContain(token).doesNotContain("secret-subject");
    assertThat(response.headers().map().toString()).doesNotContain(token.substring(0, 20));
  }

  static void assertInvalid(
      HttpResponse<String> response, int status, String code, String message) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .hasValue("Bearer error=\"" + code + "\", error_description=\"" + message + "\"");
    assertThat(response.body())
        .isEqualTo("{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}}");
  }

  static String b64(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  static String claimsJson(String token) {
    return new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
  }

  static Map<String, String> none() {
    return Map.of();
  }
}
