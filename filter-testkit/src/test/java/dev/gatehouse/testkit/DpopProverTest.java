package dev.gatehouse.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jose4j.base64url.Base64Url;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwa.AlgorithmFactoryFactory;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jws.JsonWebSignatureAlgorithm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class DpopProverTest {

  private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
  private static final URI API = URI.create("https://api.example:8443/orders/7");
  private static final DpopProver PROVER = DpopProver.es256().clock(TestClock.at(NOW));

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ES256", "ES384", "ES512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "EdDSA"
      })
  void proofIsSignedByTheKeyInItsHeader(String alg) throws Exception {
    DpopProver prover = DpopProver.generate(alg);

    JsonWebSignature jws = parse(prover.proof("POST", API));

    assertThat(jws.getAlgorithmHeaderValue()).isEqualTo(alg).isEqualTo(prover.algorithm());
    assertThat(jws.getHeader("typ")).isEqualTo("dpop+jwt");
    assertThat(jws.getJwkHeader().calculateBase64urlEncodedThumbprint("SHA-256"))
        .isEqualTo(prover.thumbprint());
    assertThat(jws.getJwkHeader().getPrivateKey()).isNull();
    assertThat(verifiesWithHeaderJwk(jws)).isTrue();
  }

  @Test
  void defaultClaimsAreJtiHtmHtuAndIatFromTheClock() throws Exception {
    Map<String, Object> claims = claims(PROVER.proof("GET", API));

    assertThat(claims).containsOnlyKeys("jti", "htm", "htu", "iat");
    assertThat(claims)
        .containsEntry("htm", "GET")
        .containsEntry("htu", "https://api.example:8443/orders/7")
        .containsEntry("iat", NOW.getEpochSecond());
    // 128 bits in unpadded base64url are 22 characters.
    assertThat((String) claims.get("jti")).matches("[A-Za-z0-9_-]{22}");
  }

  @Test
  void headerJwkHasOnlyPublicMembers() throws Exception {
    Object jwk = parse(PROVER.proof("GET", API)).getHeaders().getObjectHeaderValue("jwk");

    assertThat(jwk).asInstanceOf(MAP).containsOnlyKeys("kty", "crv", "x", "y");
  }

  @Test
  void everyProofHasANewJti() {
    Set<Object> jtis = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      jtis.add(claims(PROVER.proof("GET", API)).get("jti"));
    }

    assertThat(jtis).hasSize(100);
  }

  @Test
  void htuLeavesOutQueryAndFragment() {
    URI uri = URI.create("https://api.example/a%20b/c?x=1&y=2#frag");

    assertThat(claims(PROVER.proof("GET", uri)))
        .containsEntry("htu", "https://api.example/a%20b/c");
  }

  @Test
  void thumbprintIsTheRfc7638ExampleForTheRfc7638Key() throws Exception {
    // RFC 7638 section 3.1: the example key and its SHA-256 thumbprint.
    PublicJsonWebKey key =
        PublicJsonWebKey.Factory.newPublicJwk(
            "{\"kty\":\"RSA\",\"e\":\"AQAB\",\"alg\":\"RS256\",\"kid\":\"2011-04-29\",\"n\":\""
                + "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1"
                + "L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4"
                + "QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbO"
                + "pbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csF"
                + "Cur-kEgU8awapJzKnqDKgw\"}");

    assertThat(new DpopProver("RS256", key, Clock.systemUTC()).thumbprint())
        .isEqualTo("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
  }

  @Test
  void athIsTheHashOfTheAccessTokenAsInRfc9449() {
    // RFC 9449 section 7.1: the example access token and its ath.
    String token = "Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU";

    assertThat(claims(PROVER.proof("GET", API, token)))
        .containsEntry("ath", "fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo");
    assertThat(claims(PROVER.builder("GET", API).accessToken(token).sign()))
        .containsEntry("ath", "fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo");
  }

  @Test
  void nonceOverloadCarriesTheNonceAndAth() throws Exception {
    String proof = PROVER.proof("DELETE", API, "token", "server-nonce");

    assertThat(claims(proof))
        .containsEntry("htm", "DELETE")
        .containsEntry("nonce", "server-nonce")
        .containsEntry("ath", DpopProver.accessTokenHash("token"));
    assertThat(verifiesWithHeaderJwk(parse(proof))).isTrue();
  }

  @Test
  void clockReturnsAProverWithTheSameKeyAndOtherTimes() {
    TestClock clock = TestClock.at(NOW.plusSeconds(500));
    DpopProver later = PROVER.clock(clock);

    assertThat(later.thumbprint()).isEqualTo(PROVER.thumbprint());
    assertThat(claims(later.proof("GET", API))).containsEntry("iat", NOW.getEpochSecond() + 500);
    assertThat(claims(PROVER.proof("GET", API))).containsEntry("iat", NOW.getEpochSecond());
  }

  @Test
  void settersBreakOneClaimAtATime() throws Exception {
    String proof =
        PROVER
            .builder("GET", API)
            .htm("POST")
            .htu("https://elsewhere.example/x?q=1")
            .iat(NOW.minusSeconds(3600))
            .jti("reused")
            .ath("not-a-hash")
            .nonce("n-1")
            .claim("extra", List.of(1, 2))
            .claim("nothing", null)
            .sign();

    assertThat(claims(proof))
        .containsEntry("htm", "POST")
        .containsEntry("htu", "https://elsewhere.example/x?q=1")
        .containsEntry("iat", NOW.getEpochSecond() - 3600)
        .containsEntry("jti", "reused")
        .containsEntry("ath", "not-a-hash")
        .containsEntry("nonce", "n-1")
        .containsEntry("extra", List.of(1L, 2L))
        .containsEntry("nothing", null);
    assertThat(verifiesWithHeaderJwk(parse(proof))).isTrue();
  }

  @Test
  void nullSettersLeaveClaimsAndHeadersOut() throws Exception {
    String proof =
        PROVER
            .builder("GET", API)
            .accessToken("token")
            .nonce("n")
            .htm(null)
            .htu(null)
            .iat(null)
            .jti(null)
            .ath(null)
            .nonce(null)
            .typ(null)
            .jwk(null)
            .sign();

    JsonWebSignature jws = parse(proof);
    assertThat(claims(proof)).isEmpty();
    assertThat(jws.getHeader("typ")).isNull();
    assertThat(jws.getHeaders().getObjectHeaderValue("jwk")).isNull();
    jws.setKey(publicKey(PROVER));
    assertThat(jws.verifySignature()).isTrue();
  }

  @Test
  void typCanBeAnything() {
    assertThat(parse(PROVER.builder("GET", API).typ("JWT").sign()).getHeader("typ"))
        .isEqualTo("JWT");
  }

  @Test
  void jwkCanBeReplacedOrCarryThePrivateKey() throws Exception {
    JsonWebSignature replaced =
        parse(PROVER.builder("GET", API).jwk(Map.of("kty", "oct", "k", "c2VjcmV0")).sign());
    JsonWebSignature withPrivate = parse(PROVER.builder("GET", API).withPrivateKeyInJwk().sign());

    assertThat(replaced.getHeaders().getObjectHeaderValue("jwk"))
        .isEqualTo(Map.of("kty", "oct", "k", "c2VjcmV0"));
    // jose4j's getJwkHeader() refuses a jwk with private members, so read the raw header.
    Object jwk = withPrivate.getHeaders().getObjectHeaderValue("jwk");
    assertThat(jwk).asInstanceOf(MAP).containsKeys("kty", "crv", "x", "y", "d");
    assertThat(PublicJsonWebKey.Factory.newPublicJwk(cast(jwk)).getPrivateKey()).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"none", "HS256", "RS256", "ES384"})
  void algChangesOnlyTheHeader(String alg) throws Exception {
    String proof = PROVER.builder("GET", API).alg(alg).sign();
    String[] parts = proof.split("\\.");

    assertThat(parse(proof).getAlgorithmHeaderValue()).isEqualTo(alg);
    assertThat(parts).hasSize(3);
    // Still an ES256 signature by the prover's key over the header that names another alg.
    JsonWebSignatureAlgorithm es256 =
        AlgorithmFactoryFactory.getInstance().getJwsAlgorithmFactory().getAlgorithm("ES256");
    assertThat(
            es256.verifySignature(
                Base64Url.decode(parts[2]),
                publicKey(PROVER),
                (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII),
                new org.jose4j.jca.ProviderContext()))
        .isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"ES256", "RS256", "EdDSA"})
  void signedByKeepsThisJwkButSignsWithTheOtherKey(String otherAlg) throws Exception {
    DpopProver other = DpopProver.generate(otherAlg);

    JsonWebSignature jws = parse(PROVER.builder("GET", API).signedBy(other).sign());

    assertThat(jws.getAlgorithmHeaderValue()).isEqualTo("ES256");
    assertThat(jws.getJwkHeader().calculateBase64urlEncodedThumbprint("SHA-256"))
        .isEqualTo(PROVER.thumbprint());
    assertThat(verifiesWithHeaderJwk(jws)).isFalse();
  }

  @Test
  void signedByTheSameAlgorithmVerifiesWithTheOtherKey() throws Exception {
    DpopProver other = DpopProver.es256();

    JsonWebSignature jws = parse(PROVER.builder("GET", API).signedBy(other).sign());
    jws.setKey(publicKey(other));

    assertThat(jws.verifySignature()).isTrue();
  }

  @Test
  void nullsAndNonsenseAreRejected() {
    DpopProver.Proof proof = PROVER.builder("GET", API);

    assertThatThrownBy(() -> DpopProver.generate("HS256"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("HS256");
    assertThatThrownBy(() -> DpopProver.generate("none"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DpopProver.generate(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> PROVER.clock(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> PROVER.builder(" ", API))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("method");
    assertThatThrownBy(() -> PROVER.builder("GET", URI.create("/orders")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("/orders");
    assertThatThrownBy(() -> PROVER.builder(null, API)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> PROVER.builder("GET", null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> PROVER.proof("GET", API, null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> PROVER.proof("GET", API, "t", null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> proof.alg(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> proof.accessToken(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> proof.signedBy(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> proof.claim(null, "x")).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> proof.claim("when", Instant.EPOCH))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("when");
    assertThatThrownBy(() -> proof.jwk(Map.of("k", new Object())))
        .isInstanceOf(IllegalArgumentException.class);
  }

  static JsonWebSignature parse(String proof) {
    return (JsonWebSignature) Verifier.parse(proof);
  }

  static Map<String, Object> claims(String proof) {
    return Verifier.claims(proof).getClaimsMap();
  }

  private static boolean verifiesWithHeaderJwk(JsonWebSignature jws) throws Exception {
    jws.setAlgorithmConstraints(AlgorithmConstraints.NO_CONSTRAINTS);
    jws.setKey(jws.getJwkHeader().getPublicKey());
    return jws.verifySignature();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Object map) {
    return (Map<String, Object>) map;
  }

  static java.security.PublicKey publicKey(DpopProver prover) throws Exception {
    return parse(prover.proof("GET", API)).getJwkHeader().getPublicKey();
  }
}
