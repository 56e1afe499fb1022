package dev.gatehouse.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class TokenBuilderTest {

  private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

  private final TestClock clock = TestClock.at(NOW);
  private final MockIssuer issuer = MockIssuer.builder().clock(clock).start();
  private final Verifier verifier = new Verifier(issuer);

  @AfterEach
  void close() {
    issuer.close();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ES256", "ES384", "ES512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "EdDSA"
      })
  void tokenVerifiesAgainstTheServedJwks(String alg) throws Exception {
    try (MockIssuer other = MockIssuer.builder().algorithm(alg).start()) {
      String token = other.token("alice");

      JwtClaims claims = new Verifier(other).verify(token);

      assertThat(claims.getSubject()).isEqualTo("alice");
      assertThat(Verifier.parse(token).getAlgorithmHeaderValue()).isEqualTo(alg);
    }
  }

  @Test
  void defaultsAreAValidFiveMinuteTokenForTheDefaultAudience() throws Exception {
    String token = issuer.token().sign();

    JwtClaims claims = verifier.verify(token);
    JsonWebStructure jws = Verifier.parse(token);

    assertThat(claims.getIssuer()).isEqualTo(issuer.issuer());
    assertThat(claims.getSubject()).isEqualTo("user-1");
    assertThat(claims.getClaimValue("aud")).isEqualTo("api");
    assertThat(claims.getIssuedAt().getValue()).isEqualTo(NOW.getEpochSecond());
    assertThat(claims.getExpirationTime().getValue()).isEqualTo(NOW.getEpochSecond() + 300);
    assertThat(jws.getKeyIdHeaderValue()).isEqualTo(issuer.signingKid());
    assertThat(jws.getHeader("typ")).isEqualTo("JWT");
    assertThat(jws.getAlgorithmHeaderValue()).isEqualTo("ES256");
  }

  @Test
  void builderAudienceBecomesTheDefault() throws Exception {
    try (MockIssuer other = MockIssuer.builder().audience("orders").start()) {
      assertThat(Verifier.claims(other.token("alice")).getClaimValue("aud")).isEqualTo("orders");
    }
  }

  @Test
  void claimsCanBeSetAndLeftOut() {
    String token =
        issuer
            .token()
            .subject(null)
            .audience("a", "b")
            .scopes("read", "write")
            .scp("read", "write")
            .roles("admin")
            .jwtId("id-1")
            .notBefore(NOW.plusSeconds(10))
            .claim("tenant", Map.of("id", 7, "active", true))
            .claim("nothing", null)
            .withoutClaim("iat")
            .sign();

    Map<String, Object> claims = Verifier.claims(token).getClaimsMap();

    assertThat(claims)
        .doesNotContainKeys("sub", "iat")
        .containsEntry("aud", List.of("a", "b"))
        .containsEntry("scope", "read write")
        .containsEntry("scp", List.of("read", "write"))
        .containsEntry("roles", List.of("admin"))
        .containsEntry("jti", "id-1")
        .containsEntry("nbf", NOW.getEpochSecond() + 10)
        .containsEntry("tenant", Map.of("id", 7L, "active", true))
        .containsEntry("nothing", null);
  }

  @Test
  void noAudienceLeavesAudOut() {
    assertThat(Verifier.claims(issuer.token().audience().sign()).getClaimsMap())
        .doesNotContainKey("aud");
  }

  @Test
  void timesFollowTheIssuerClock() {
    clock.advance(Duration.ofHours(1));

    JwtClaims claims = Verifier.claims(issuer.token().expiresIn(Duration.ofSeconds(30)).sign());

    assertThat(claims.getClaimValue("iat")).isEqualTo(NOW.getEpochSecond() + 3600);
    assertThat(claims.getClaimValue("exp")).isEqualTo(NOW.getEpochSecond() + 3630);
  }

  @Test
  void expiredTokenIsRejectedByAVerifier() {
    String token = issuer.token().expiresAt(NOW.minusSeconds(60)).sign();

    assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(InvalidJwtException.class);
  }

  @Test
  void kidOfARetiredKeySignsWithThatKey() throws Exception {
    String old = issuer.signingKid();
    issuer.rotate();
    issuer.retire(old);

    String token = issuer.token().kid(old).sign();

    assertThat(Verifier.parse(token).getKeyIdHeaderValue()).isEqualTo(old);
    assertThat(verifies(token, old)).isTrue();
    assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(InvalidJwtException.class);
  }

  @Test
  void unknownKidOnlyChangesTheHeader() throws Exception {
    String token = issuer.token().kid("nobody").sign();

    assertThat(Verifier.parse(token).getKeyIdHeaderValue()).isEqualTo("nobody");
    assertThat(verifies(token, issuer.signingKid())).isTrue();
  }

  @Test
  void headerKidTypAndExtraHeadersCanBeSetOrLeftOut() throws Exception {
    String token =
        issuer
            .token()
            .headerKid(null)
            .typ(null)
            .header("crit", List.of("exp"))
            .header("jku", "https://attacker.example/jwks")
            .sign();
    JsonWebStructure jws = Verifier.parse(token);

    assertThat(jws.getKeyIdHeaderValue()).isNull();
    assertThat(jws.getHeader("typ")).isNull();
    assertThat(jws.getObjectHeader("crit")).isEqualTo(List.of("exp"));
    assertThat(jws.getHeader("jku")).isEqualTo("https://attacker.example/jwks");
    assertThat(verifies(token, issuer.signingKid())).isTrue();
  }

  @Test
  void algNoneGivesAnUnsignedToken() {
    String token = issuer.token().algorithm("none").sign();

    assertThat(token).endsWith(".");
    assertThat(Verifier.parse(token).getAlgorithmHeaderValue()).isEqualTo("none");
  }

  @Test
  void hmacAlgorithmUsesThePublicKeyAsSecret() throws Exception {
    String token = issuer.token().algorithm("HS256").sign();

    JsonWebSignature jws = (JsonWebSignature) Verifier.parse(token);
    jws.setKey(new HmacKey(issuer.publicKey(issuer.signingKid()).getEncoded()));

    assertThat(jws.getAlgorithmHeaderValue()).isEqualTo("HS256");
    assertThat(jws.verifySignature()).isTrue();
  }

  @Test
  void algHeaderCanNameAnotherAlgorithmOfTheSameFamily() throws Exception {
    try (MockIssuer rsa = MockIssuer.builder().algorithm("RS256").start()) {
      String token = rsa.token().header("alg", "PS384").sign();

      assertThat(Verifier.parse(token).getAlgorithmHeaderValue()).isEqualTo("PS384");
      assertThat(new Verifier(rsa).verify(token).getSubject()).isEqualTo("user-1");
    }
  }

  @Test
  void algorithmTheKeyCannotUseFailsToSign() {
    TokenBuilder token = issuer.token().algorithm("RS256");

    assertThatThrownBy(token::sign)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("RS256")
        .hasMessageContaining(issuer.signingKid());
  }

  @Test
  void nonJsonValuesAndNullsAreRejected() {
    TokenBuilder token = issuer.token();

    assertThatThrownBy(() -> token.claim("when", Instant.EPOCH))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("when");
    assertThatThrownBy(() -> token.claim("nan", Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> token.header("alg", 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> token.claim(null, "x")).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> token.kid(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> token.expiresAt(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> token.algorithm(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void dpopBoundSetsTheKeyThumbprintInCnf() throws Exception {
    DpopProver prover = DpopProver.es256();

    String token = issuer.token().dpopBound(prover.thumbprint()).sign();

    assertThat(verifier.verify(token).getClaimValue("cnf"))
        .isEqualTo(Map.of("jkt", prover.thumbprint()));
  }

  @Test
  void certificateBoundSetsTheSha256OfTheDerInCnf() throws Exception {
    String token = issuer.token().certificateBound(certificate()).sign();

    // openssl x509 -outform DER | openssl dgst -sha256 -binary | basenc --base64url, '=' removed
    assertThat(Verifier.claims(token).getClaimValue("cnf"))
        .isEqualTo(Map.of("x5t#S256", "GZhDzX45qNMgNlzJErUKjt2PMrRBrfXh6_fZEMLuTq8"));
  }

  @Test
  void confirmationMembersMergeIntoAnExistingCnf() throws Exception {
    String token =
        issuer
            .token()
            .claim("cnf", Map.of("kid", "k1"))
            .dpopBound("thumb")
            .certificateBound(certificate())
            .dpopBound("thumb-2")
            .sign();

    assertThat(Verifier.claims(token).getClaimValue("cnf"))
        .isEqualTo(
            Map.of(
                "kid", "k1",
                "jkt", "thumb-2",
                "x5t#S256", "GZhDzX45qNMgNlzJErUKjt2PMrRBrfXh6_fZEMLuTq8"));
  }

  @Test
  void confirmationReplacesACnfThatIsNotAnObject() {
    String token = issuer.token().claim("cnf", "not an object").dpopBound("thumb").sign();

    assertThat(Verifier.claims(token).getClaimValue("cnf")).isEqualTo(Map.of("jkt", "thumb"));
  }

  @Test
  void confirmationRejectsNulls() {
    TokenBuilder token = issuer.token();

    assertThatThrownBy(() -> token.dpopBound(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("jkt");
    assertThatThrownBy(() -> token.certificateBound(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("cert");
  }

  /** A self-signed certificate made once with keytool, so its thumbprint is a fixed vector. */
  private static X509Certificate certificate() throws Exception {
    try (InputStream pem = TokenBuilderTest.class.getResourceAsStream("client-certificate.pem")) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(pem);
    }
  }

  private boolean verifies(String token, String kid) throws Exception {
    JsonWebSignature jws = (JsonWebSignature) Verifier.parse(token);
    jws.setKey(issuer.publicKey(kid));
    jws.setKnownCriticalHeaders("exp");
    return jws.verifySignature();
  }
}
