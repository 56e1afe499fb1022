package dev.gatehouse.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The mock issuer's token endpoint with DPoP proofs (RFC 9449 sections 4.3 and 5). */
final class DpopTokenEndpointTest {

  private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
  private static final String FORM = "grant_type=client_credentials&client_id=agent";
  private static final String INVALID = "{\"error\":\"invalid_dpop_proof\"}";

  private final TestClock clock = TestClock.at(NOW);
  private final MockIssuer issuer = MockIssuer.builder().clock(clock).start();
  private final DpopProver client = DpopProver.es256().clock(clock);
  private final Http http = new Http();

  @AfterEach
  void close() {
    issuer.close();
  }

  @Test
  void validProofBindsTheTokenToTheProofKey() throws Exception {
    HttpResponse<String> response = requestToken(client.proof("POST", issuer.tokenUri()));

    Map<String, Object> answer = Http.json(response.body());
    JwtClaims token = new Verifier(issuer).verify((String) answer.get("access_token"));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(answer).containsEntry("token_type", "DPoP");
    assertThat(token.getClaimValue("cnf")).isEqualTo(Map.of("jkt", client.thumbprint()));
    assertThat(token.getSubject()).isEqualTo("agent");
  }

  @Test
  void requestWithoutProofGetsABearerTokenWithoutCnf() throws Exception {
    HttpResponse<String> response = http.post(issuer.tokenUri(), FORM);

    Map<String, Object> answer = Http.json(response.body());
    assertThat(answer).containsEntry("token_type", "Bearer");
    assertThat(Verifier.claims((String) answer.get("access_token")).hasClaim("cnf")).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ES256", "ES384", "ES512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "EdDSA"
      })
  void proofOfEveryAdvertisedAlgorithmIsAccepted(String alg) {
    DpopProver prover = DpopProver.generate(alg).clock(clock);

    HttpResponse<String> response = requestToken(prover.proof("POST", issuer.tokenUri()));

    assertThat(response.statusCode()).isEqualTo(200);
    String token = (String) Http.json(response.body()).get("access_token");
    assertThat(Verifier.claims(token).getClaimValue("cnf"))
        .isEqualTo(Map.of("jkt", prover.thumbprint()));
  }

  @Test
  void metadataAdvertisesTheAcceptedAlgorithms() {
    Map<String, Object> metadata = Http.json(http.get(issuer.oauthMetadataUri()).body());

    assertThat(metadata).containsEntry("dpop_signing_alg_values_supported", KeyRing.ALGORITHMS);
  }

  @ParameterizedTest
  @ValueSource(longs = {-60, 60})
  void iatAtTheEdgeOfTheWindowIsAccepted(long seconds) {
    String proof = client.builder("POST", issuer.tokenUri()).iat(NOW.plusSeconds(seconds)).sign();

    assertThat(requestToken(proof).statusCode()).isEqualTo(200);
  }

  @Test
  void iatFollowsTheIssuerClockNotTheSystemClock() {
    DpopProver systemClock = DpopProver.es256();

    assertThat(requestToken(systemClock.proof("POST", issuer.tokenUri())).statusCode())
        .isEqualTo(400);
    clock.advance(Duration.ofSeconds(30));
    assertThat(requestToken(client.proof("POST", issuer.tokenUri())).statusCode()).isEqualTo(200);
  }

  static Stream<Named<UnaryOperator<DpopProver.Proof>>> brokenProofs() {
    DpopProver other = DpopProver.es256();
    return Stream.of(
        broken("typ JWT", p -> p.typ("JWT")),
        broken("no typ", p -> p.typ(null)),
        broken("signed by another key", p -> p.signedBy(other)),
        broken("alg none", p -> p.alg("none")),
        broken("alg HS256", p -> p.alg("HS256")),
        broken("no jwk", p -> p.jwk(null)),
        broken("private key in jwk", DpopProver.Proof::withPrivateKeyInJwk),
        broken("symmetric jwk", p -> p.jwk(Map.of("kty", "oct", "k", "c2VjcmV0"))),
        broken("htm GET", p -> p.htm("GET")),
        broken("no htm", p -> p.htm(null)),
        broken("htu of another path", p -> p.htu("http://127.0.0.1:1/token")),
        broken("no htu", p -> p.htu(null)),
        broken("iat 61 s old", p -> p.iat(NOW.minusSeconds(61))),
        broken("iat 61 s ahead", p -> p.iat(NOW.plusSeconds(61))),
        broken("no iat", p -> p.iat(null)),
        broken("iat a string", p -> p.claim("iat", String.valueOf(NOW.getEpochSecond()))),
        broken("no jti", p -> p.jti(null)),
        broken("empty jti", p -> p.jti("")));
  }

  @ParameterizedTest
  @MethodSource("brokenProofs")
  void brokenProofIsRejectedWithInvalidDpopProof(UnaryOperator<DpopProver.Proof> breaking) {
    HttpResponse<String> response =
        requestToken(breaking.apply(client.builder("POST", issuer.tokenUri())).sign());

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).isEqualTo(INVALID);
  }

  @Test
  void htuWithAQueryIsRejected() {
    String proof = client.builder("POST", issuer.tokenUri()).htu(issuer.tokenUri() + "?x=1").sign();

    assertThat(requestToken(proof).body()).isEqualTo(INVALID);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "not-a-jws", "a.b.c"})
  void valueThatIsNotAJwsIsRejected(String value) {
    assertThat(requestToken(value).body()).isEqualTo(INVALID);
  }

  @Test
  void twoDpopHeadersAreRejected() {
    URI uri = issuer.tokenUri();
    HttpResponse<String> response =
        http.post(uri, FORM, "DPoP", client.proof("POST", uri), "DPoP", client.proof("POST", uri));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).isEqualTo(INVALID);
  }

  @Test
  void grantErrorsStillComeFirst() {
    HttpResponse<String> response =
        http.post(issuer.tokenUri(), "grant_type=password", "DPoP", "not-a-jws");

    assertThat(response.body()).contains("unsupported_grant_type");
  }

  private HttpResponse<String> requestToken(String proof) {
    return http.post(issuer.tokenUri(), FORM, "DPoP", proof);
  }

  private static Named<UnaryOperator<DpopProver.Proof>> broken(
      String name, UnaryOperator<DpopProver.Proof> breaking) {
    return Named.of(name, breaking);
  }
}
