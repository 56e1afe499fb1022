package dev.gatehouse.servlet;

import static dev.gatehouse.servlet.AttackTarget.b64;
import static dev.gatehouse.servlet.AttackTarget.sign;
import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jose4j.jwe.ContentEncryptionAlgorithmIdentifiers;
import org.jose4j.jwe.JsonWebEncryption;
import org.jose4j.jwe.KeyManagementAlgorithmIdentifiers;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Header attacks (issue 7) through a real Jetty: embedded or referenced keys ({@code jwk}, {@code
 * jku}, {@code x5u}, {@code x5c}) that a listening loopback server proves are never fetched, {@code
 * kid} injection, unknown {@code crit}, {@code b64: false} (RFC 7797), JWE and nested tokens.
 */
final class AttackHeaderTest {
  private static final String NO_KEY = "no signing key matches the token";
  private static AttackTarget target;
  private static KeyPair attacker;
  private static String attackerJwk;

  @BeforeAll
  static void start() throws Exception {
    target = new AttackTarget();
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    attacker = generator.generateKeyPair();
    EllipticCurveJsonWebKey jwk =
        (EllipticCurveJsonWebKey) PublicJsonWebKey.Factory.newPublicJwk(attacker.getPublic());
    jwk.setKeyId(target.es256Kid);
    attackerJwk = jwk.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
  }

  @AfterAll
  static void stop() {
    target.close();
  }

  @AfterEach
  void noOutboundRequest() {
    target.assertNoOutboundRequest();
  }

  private static PrivateKey issuerKey() {
    return target.issuer.keyPair(target.es256Kid).getPrivate();
  }

  @ParameterizedTest(name = "[{0}]")
  @MethodSource("dev.gatehouse.VectorFiles#providers")
  void embeddedAndReferencedKeysAreNeverFetchedOrUsed(String provider) {
    String jwks = target.attackerUri("/jwks.json").toString();
    String cert = Base64.getEncoder().encodeToString(attacker.getPublic().getEncoded());
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("jwk", "\"jwk\":" + attackerJwk);
    headers.put("jku", "\"jku\":\"" + jwks + "\"");
    headers.put("x5u", "\"x5u\":\"" + target.attackerUri("/cert.pem") + "\"");
    headers.put("x5c", "\"x5c\":[\"" + cert + "\"]");
    headers.put("all", String.join(",", headers.values()));
    for (Map.Entry<String, String> h : headers.entrySet()) {
      for (String kid :
          new String[] {",\"kid\":\"" + target.es256Kid + "\"", ",\"kid\":\"attacker\"", ""}) {
        String header = "{\"alg\":\"ES256\"," + h.getValue() + kid + "}";
        String token = sign(header, target.claims(), "ES256", attacker.getPrivate());
        assertThat(target.refused(provider, token))
            .as("%s %s", h.getKey(), kid)
            .isIn("signature does not verify", NO_KEY);
      }
    }
    // The attacker's URL as the issuer: refused as untrusted, never discovered.
    String claims =
        target.claims().replace(target.issuer.issuer(), target.attackerUri("").toString());
    assertThat(
            target.refused(
                provider,
                sign(
                    "{\"alg\":\"ES256\",\"jku\":\"" + jwks + "\"}",
                    claims,
                    "ES256",
                    attacker.getPrivate())))
        .isEqualTo("issuer not trusted");
  }

  @ParameterizedTest(name = "[{0}]")
  @MethodSource("dev.gatehouse.VectorFiles#providers")
  void kidInjectionIsRejected(String provider) {
    Map<String, String> kids = new LinkedHashMap<>();
    kids.put("\"../../../../etc/passwd\"", NO_KEY);
    kids.put("\"..%2F..%2Fjwks.json\"", NO_KEY);
    kids.put("\"/dev/null\"", NO_KEY);
    kids.put("\"" + target.attackerUri("/jwks.json") + "\"", NO_KEY);
    kids.put("\"1;DROP--\"", NO_KEY);
    kids.put("\"' OR '1'='1\"", "kid header is malformed");
    kids.put("\"x' UNION SELECT key FROM keys--\"", "kid header is malformed");
    kids.put("\"" + "k".repeat(256) + "\"", NO_KEY);
    kids.put("\"" + "k".repeat(257) + "\"", "kid header is malformed");
    kids.put("\"" + "k".repeat(10_000) + "\"", "kid header is malformed");
    kids.put("\"\"", "kid header is malformed");
    kids.put("\"" + target.es256Kid + "\\u0000\"", "kid header is malformed");
    kids.put("\"" + target.es256Kid + "\\n\"", "kid header is malformed");
    kids.put("\"\\u00e9\"", "kid header is malformed");
    kids.put("1", "kid header is not a string");
    kids.put("true", "kid header is not a string");
    kids.put("[\"" + target.es256Kid + "\"]", "kid header is not a string");
    kids.put("{\"$ne\":null}", "kid header is not a string");
    // A null kid is no kid; two ES256 keys are published, so none is chosen.
    kids.put("null", NO_KEY);
    for (Map.Entry<String, String> kid : kids.entrySet()) {
      String header = "{\"alg\":\"ES256\",\"kid\":" + kid.getKey() + "}";
      String token = sign(header, target.claims(), "ES256", issuerKey());
      assertThat(target.refused(provider, token)).as(kid.getKey()).isEqualTo(kid.getValue());
    }
  }

  @ParameterizedTest(name = "[{0}]")
  @MethodSource("dev.gatehouse.VectorFiles#providers")
  void unknownCriticalHeaderIsRejected(String provider) {
    String kid = ",\"kid\":\"" + target.es256Kid + "\"";
    for (String crit :
        new String[] {
          "\"crit\":[\"http://example.invalid/UNDEFINED\"],\"http://example.invalid/UNDEFINED\":true",
          "\"crit\":[\"exp\"],\"exp\":1",
          "\"crit\":[\"b64\"],\"b64\":true",
          "\"crit\":[]",
          "\"crit\":\"b64\"",
          "\"crit\":[1]",
          "\"crit\":{}",
        }) {
      String token =
          sign(
              "{\"alg\":\"ES256\"" + kid + "," + crit + "}", target.claims(), "ES256", issuerKey());
      assertThat(target.refused(provider, token))
          .as(crit)
          .isEqualTo("critical header extensions are not supported");
    }
  }

  @ParameterizedTest(name = "[{0}]")
  @MethodSource("dev.gatehouse.VectorFiles#providers")
  void unencodedPayloadIsRejected(String provider) {
    // RFC 7797: with a base64url-looking payload the signing input is byte-for-byte a normal JWS's.
    String kid = ",\"kid\":\"" + target.es256Kid + "\"";
    String withCrit =
        sign(
            "{\"alg\":\"ES256\"" + kid + ",\"b64\":false,\"crit\":[\"b64\"]}",
            target.claims(),
            "ES256",
            issuerKey());
    String withoutCrit =
        sign("{\"alg\":\"ES256\"" + kid + ",\"b64\":false}", target.claims(), "ES256", issuerKey());
    String stringFalse =
        sign(
            "{\"alg\":\"ES256\"" + kid + ",\"b64\":\"false\"}",
            target.claims(),
            "ES256",
            issuerKey());

    assertThat(target.refused(provider, withCrit))
        .isEqualTo("critical header extensions are not supported");
    assertThat(target.refused(provider, withoutCrit))
        .isEqualTo("unencoded payloads are not accepted");
    assertThat(target.refused(provider, stringFalse))
        .isEqualTo("unencoded payloads are not accepted");
    String header = b64("{\"alg\":\"ES256\"" + kid + ",\"b64\":false,\"crit\":[\"b64\"]}");
    String raw = header + "." + target.claims() + ".";
    assertThat(target.refused(provider, "Bearer " + raw + "AAAA", raw))
        .isEqualTo("bearer token has characters outside token68");
  }

  @ParameterizedTest(name = "[{0}]")
  @MethodSource("dev.gatehouse.VectorFiles#providers")
  void encryptedAndNestedTokensAreRejected(String provider) throws Exception {
    String inner = target.issuer.token().kid(target.es256Kid).sign();
    JsonWebEncryption jwe = new JsonWebEncryption();
    jwe.setPayload(inner);
    jwe.setContentTypeHeaderValue("JWT");
    jwe.setAlgorithmHeaderValue(KeyManagementAlgorithmIdentifiers.RSA_OAEP_256);
    jwe.setEncryptionMethodHeaderParameter(ContentEncryptionAlgorithmIdentifiers.AES_128_GCM);
    jwe.setKey(target.issuer.publicKey(target.rs256Kid));
    String encrypted = jwe.getCompactSerialization();
    String kid = ",\"kid\":\"" + target.es256Kid + "\"";

    assertThat(target.refused(provider, encrypted))
        .isEqualTo("encrypted tokens (JWE) are not accepted");
    assertThat(target.refused(provider, "a.b.c.d.e"))
        .isEqualTo("encrypted tokens (JWE) are not accepted");
    String nested =
        sign("{\"alg\":\"ES256\"" + kid + ",\"cty\":\"JWT\"}", inner, "ES256", issuerKey());
    assertThat(target.refused(provider, nested)).isEqualTo("nested tokens are not accepted");
    String nestedJwe =
        sign("{\"alg\":\"ES256\"" + kid + ",\"cty\":\"JWT\"}", encrypted, "ES256", issuerKey());
    assertThat(target.refused(provider, nestedJwe)).isEqualTo("nested tokens are not accepted");
    String untyped = sign("{\"alg\":\"ES256\"" + kid + "}", inner, "ES256", issuerKey());
    assertThat(target.refused(provider, untyped)).isEqualTo("token claims are not a JSON object");
    String zipped =
        sign(
            "{\"alg\":\"ES256\"" + kid + ",\"zip\":\"DEF\"}",
            target.claims(),
            "ES256",
            issuerKey());
    assertThat(target.refused(provider, zipped)).isEqualTo("compressed payloads are not accepted");
    for (String typ :
        new String[] {
          "JWE", "dpop+jwt", "logout+jwt", "id_token+jwt", "application/jwt+json", ""
        }) {
      String typed =
          sign(
              "{\"alg\":\"ES256\"" + kid + ",\"typ\":\"" + typ + "\"}",
              target.claims(),
              "ES256",
              issuerKey());
      assertThat(target.refused(provider, typed)).as(typ).isEqualTo("token type not accepted");
    }
  }
}
