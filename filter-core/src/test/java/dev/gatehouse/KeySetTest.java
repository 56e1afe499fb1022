package dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.keys.EllipticCurves;
import org.junit.jupiter.api.Test;

/** Which keys of a JWKS are usable, and how a key is chosen for a token (issues 3 and 7). */
final class KeySetTest {
  private static KeySet parse(String json) throws Exception {
    return KeySet.parse(json, Instant.EPOCH, Duration.ofMinutes(5), null, null);
  }

  private static String ec(String kid, String use) throws Exception {
    EllipticCurveJsonWebKey key = EcJwkGenerator.generateJwk(EllipticCurves.P256);
    key.setKeyId(kid);
    if (use != null) {
      key.setUse(use);
    }
    return key.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
  }

  @Test
  void encryptionKeysAndUnknownKeyTypesAreIgnoredNotFatal() throws Exception {
    String json =
        "{\"keys\":["
            + ec("enc", "enc")
            + ",{\"kty\":\"oct\",\"kid\":\"h\",\"k\":\"c2VjcmV0\"},{\"kty\":\"XYZ\",\"kid\":\"x\"},"
            + ec("sig", "sig")
            + "]}";

    KeySet set = parse(json);

    assertThat(set.size()).isEqualTo(1);
    assertThat(set.candidates("sig", "ES256")).hasSize(1);
    assertThat(set.candidates("enc", "ES256")).isEmpty();
    assertThat(set.candidates("h", "HS256")).isEmpty();
  }

  @Test
  void rsaKeysUnder2048BitsAreIgnored() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(1024);
    RsaJsonWebKey weak = new RsaJsonWebKey((RSAPublicKey) generator.generateKeyPair().getPublic());
    weak.setKeyId("weak");

    KeySet set = parse("{\"keys\":[" + weak.toJson() + "]}");

    assertThat(set.candidates("weak", "RS256")).isEmpty();
  }

  @Test
  void duplicateKidsYieldFittingKeysInDocumentOrderAtMostThree() throws Exception {
    String json =
        "{\"keys\":["
            + ec("dup", null)
            + ","
            + ec("dup", null)
            + ","
            + ec("dup", null)
            + ","
            + ec("dup", null)
            + "]}";

    KeySet set = parse(json);
    List<?> first = set.candidates("dup", "ES256");

    assertThat(first).hasSize(3);
    assertThat(set.candidates("dup", "ES256")).isEqualTo(first);
    assertThat(set.candidates("dup", "ES384")).isEmpty();
  }

  @Test
  void tokenWithoutKidNeedsExactlyOneFittingKey() throws Exception {
    assertThat(parse("{\"keys\":[" + ec("a", null) + "]}").candidates(null, "ES256")).hasSize(1);
    assertThat(
            parse("{\"keys\":[" + ec("a", null) + "," + ec("b", null) + "]}")
                .candidates(null, "ES256"))
        .isEmpty();
  }

  @Test
  void keyAlgMustEqualTheTokenAlg() throws Exception {
    EllipticCurveJsonWebKey key = EcJwkGenerator.generateJwk(EllipticCurves.P256);
    key.setKeyId("k");
    key.setAlgorithm("ES384");

    assertThat(parse("{\"keys\":[" + key.toJson() + "]}").candidates("k", "ES256")).isEmpty();
  }

  @Test
  void cacheControlMaxAgeIsParsedStrictly() {
    assertThat(CacheControl.maxAge("no-transform, max-age=120")).isEqualTo(Duration.ofSeconds(120));
    assertThat(CacheControl.maxAge("max-age=abc")).isNull();
    assertThat(CacheControl.maxAge("no-cache")).isNull();
    assertThat(CacheControl.maxAge(null)).isNull();
  }
}
