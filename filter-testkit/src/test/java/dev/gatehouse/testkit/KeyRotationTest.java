package dev.gatehouse.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Map;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

final class KeyRotationTest {

  private final MockIssuer issuer = MockIssuer.start();
  private final Verifier verifier = new Verifier(issuer);

  @AfterEach
  void close() {
    issuer.close();
  }

  @Test
  void rotatePublishesANewSigningKeyAndKeepsTheOld() throws Exception {
    String old = issuer.signingKid();
    String oldToken = issuer.token("alice");

    String fresh = issuer.rotate();

    assertThat(fresh).isNotEqualTo(old);
    assertThat(issuer.signingKid()).isEqualTo(fresh);
    assertThat(kids()).containsExactly(old, fresh);
    assertThat(Verifier.parse(issuer.token("bob")).getKeyIdHeaderValue()).isEqualTo(fresh);
    assertThat(Verifier.parse(issuer.token("bob")).getAlgorithmHeaderValue()).isEqualTo("ES256");
    assertThat(verifier.verify(oldToken).getSubject()).isEqualTo("alice");
    assertThat(verifier.verify(issuer.token("bob")).getSubject()).isEqualTo("bob");
  }

  @Test
  void rotateToAnotherAlgorithmSignsWithIt() throws Exception {
    String kid = issuer.rotate("RS256");

    String token = issuer.token("alice");

    assertThat(Verifier.parse(token).getAlgorithmHeaderValue()).isEqualTo("RS256");
    assertThat(issuer.publicKey(kid)).isInstanceOf(RSAPublicKey.class);
    assertThat(verifier.verify(token).getSubject()).isEqualTo("alice");
    assertThat(Http.json(new Http().get(issuer.openIdConfigurationUri()).body()))
        .containsEntry("id_token_signing_alg_values_supported", List.of("ES256", "RS256"));
  }

  @Test
  void retireRemovesAKeyFromTheJwks() {
    String old = issuer.signingKid();
    String oldToken = issuer.token("alice");
    String fresh = issuer.rotate();

    issuer.retire(old);

    assertThat(kids()).containsExactly(fresh);
    assertThat(issuer.jwksJson()).doesNotContain(old);
    assertThatThrownBy(() -> verifier.verify(oldToken)).isInstanceOf(InvalidJwtException.class);
  }

  @Test
  void addKeyPublishesWithoutSigning() {
    String signing = issuer.signingKid();

    String added = issuer.addKey("EdDSA");

    assertThat(issuer.signingKid()).isEqualTo(signing);
    assertThat(kids()).containsExactly(signing, added);
    assertThat(jwk(added))
        .containsEntry("kty", "OKP")
        .containsEntry("crv", "Ed25519")
        .containsEntry("alg", "EdDSA")
        .containsEntry("use", "sig")
        .doesNotContainKey("d");
  }

  @Test
  void rsaKeysArePublishedWithoutPrivateMembers() {
    String kid = issuer.addKey("PS256");

    assertThat(jwk(kid))
        .containsEntry("kty", "RSA")
        .containsEntry("alg", "PS256")
        .containsKeys("n", "e")
        .doesNotContainKeys("d", "p", "q", "dp", "dq", "qi");
    assertThat(((RSAPublicKey) issuer.publicKey(kid)).getModulus().bitLength()).isEqualTo(2048);
  }

  @Test
  void keyPairMatchesThePublishedKey() {
    String kid = issuer.signingKid();

    assertThat(issuer.keyPair(kid).getPublic()).isEqualTo(issuer.publicKey(kid));
    assertThat(issuer.keyPair(kid).getPrivate()).isNotNull();
    assertThat(issuer.publicKey(kid)).isInstanceOf(ECPublicKey.class);
  }

  @Test
  void unknownKidsAndAlgorithmsAreRejected() {
    assertThatThrownBy(() -> issuer.retire("nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("kid is not a key of this issuer: nope");
    assertThatThrownBy(() -> issuer.publicKey("nope")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> issuer.keyPair("nope")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> issuer.addKey("HS256"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("HS256");
    assertThatThrownBy(() -> issuer.rotate("es256")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> issuer.rotate(null)).isInstanceOf(NullPointerException.class);
  }

  private List<String> kids() {
    return verifier.servedKeys().stream().map(JsonWebKey::getKeyId).toList();
  }

  private Map<String, Object> jwk(String kid) {
    return Http.keys(issuer.jwksJson()).stream()
        .filter(key -> kid.equals(key.get("kid")))
        .findFirst()
        .orElseThrow();
  }
}
