package dev.gatehouse.servlet;

import static dev.gatehouse.servlet.AttackTarget.b64;
import static dev.gatehouse.servlet.AttackTarget.hmac;
import static dev.gatehouse.servlet.AttackTarget.sign;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.TokenVerifier;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Algorithm attacks (issue 7) through a real Jetty: {@code none} in every spelling, a missing or
 * non-string {@code alg}, HMAC keyed with every byte form of the public key (algorithm confusion),
 * algorithms off the allow-list, and {@code alg} / key type / curve mismatches.
 */
final class AttackAlgorithmTest {
  private static final String NOT_ALLOWED = "algorithm not allowed";
  private static final String NO_KEY = "no signing key matches the token";
  private static AttackTarget target;

  @BeforeAll
  static void start() {
    target = new AttackTarget();
  }

  @AfterAll
  static void stop() {
    target.close();
  }

  @AfterEach
  void noOutboundRequest() {
    target.assertNoOutboundRequest();
  }

  private static PrivateKey privateKey(String kid) {
    return target.issuer.keyPair(kid).getPrivate();
  }

  @Test
  void algNoneInEverySpellingIsRejected() {
    String provider = target.anyProvider();
    String claims = target.claims();
    String valid = target.issuer.token().sign();
    for (String none : new String[] {"none", "None", "NONE", "nOnE", "NoNe"}) {
      String header = b64("{\"alg\":\"" + none + "\",\"typ\":\"JWT\"}");
      assertThat(target.refused(provider, header + "." + b64(claims) + "."))
          .isEqualTo("unsigned tokens are not accepted");
      assertThat(
              target.refused(
                  provider, header + "." + b64(claims) + "." + AttackTarget.parts(valid).get(2)))
          .isEqualTo("unsigned tokens are not accepted");
    }
    for (String near : new String[] {"none ", " none", "none\\u0000", "nonE\\t", "NONE256"}) {
      String header = b64("{\"alg\":\"" + near + "\"}");
      assertThat(target.refused(provider, header + "." + b64(claims) + "." + b64("sig")))
          .as(near)
          .isEqualTo(NOT_ALLOWED);
    }
  }

  @Test
  void missingOrNonStringAlgIsRejected() {
    String provider = target.anyProvider();
    PrivateKey key = privateKey(target.es256Kid);
    for (String header :
        new String[] {
          "{\"kid\":\"" + target.es256Kid + "\"}",
          "{\"alg\":null}",
          "{\"alg\":\"\"}",
          "{\"alg\":256}",
          "{\"alg\":true}",
          "{\"alg\":[\"ES256\"]}",
          "{\"alg\":{\"name\":\"ES256\"}}",
          "{}",
        }) {
      assertThat(target.refused(provider, sign(header, target.claims(), "ES256", key)))
          .as(header)
          .isEqualTo("alg header is missing or not a string");
    }
    assertThat(target.refused(provider, sign("[\"ES256\"]", target.claims(), "ES256", key)))
        .isEqualTo("token header is not a JSON object");
    assertThat(target.refused(provider, sign("\"ES256\"", target.claims(), "ES256", key)))
        .isEqualTo("token header is not a JSON object");
  }

  @Test
  void hmacKeyedWithThePublicKeyIsRejected() {
    String provider = target.anyProvider();
    int tokens = 0;
    for (String kid :
        new String[] {target.es256Kid, target.rs256Kid, target.edKid, target.es512Kid}) {
      for (Map.Entry<String, byte[]> form : publicKeyForms(kid).entrySet()) {
        for (String alg : new String[] {"HS256", "HS384", "HS512"}) {
          String mac = "Hmac" + "SHA" + alg.substring(2);
          for (String header :
              new String[] {
                "{\"alg\":\"" + alg + "\",\"kid\":\"" + kid + "\"}", "{\"alg\":\"" + alg + "\"}"
              }) {
            String token = hmac(header, target.claims(), mac, form.getValue());
            assertThat(target.refused(provider, token))
                .as("%s %s %s", kid, form.getKey(), alg)
                .isEqualTo(NOT_ALLOWED);
            tokens++;
          }
        }
      }
    }
    assertThat(tokens).isGreaterThanOrEqualTo(100);
    // The test kit's own confusion token (DER of the public key) too.
    assertThat(
            target.refused(
                provider, target.issuer.token().kid(target.rs256Kid).algorithm("HS256").sign()))
        .isEqualTo(NOT_ALLOWED);
  }

  /** Every byte string an HMAC-confused verifier might use as the secret. */
  private static Map<String, byte[]> publicKeyForms(String kid) {
    PublicKey key = target.issuer.publicKey(kid);
    Map<String, byte[]> forms = new LinkedHashMap<>();
    byte[] der = key.getEncoded();
    String pem =
        "-----BEGIN PUBLIC KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der)
            + "\n-----END PUBLIC KEY-----";
    forms.put("DER", der);
    forms.put("PEM", pem.getBytes(StandardCharsets.US_ASCII));
    forms.put("PEM+newline", (pem + "\n").getBytes(StandardCharsets.US_ASCII));
    forms.put(
        "base64 DER", Base64.getEncoder().encodeToString(der).getBytes(StandardCharsets.US_ASCII));
    try {
      PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(key);
      forms.put(
          "JWK",
          jwk.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY).getBytes(StandardCharsets.UTF_8));
      jwk.setKeyId(kid);
      forms.put(
          "JWK with kid",
          jwk.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY).getBytes(StandardCharsets.UTF_8));
      forms.put("JWKS", target.issuer.jwksJson().getBytes(StandardCharsets.UTF_8));
    } catch (org.jose4j.lang.JoseException e) {
      throw new IllegalStateException(e);
    }
    if (key instanceof ECPublicKey ec) {
      int size = (ec.getParams().getCurve().getField().getFieldSize() + 7) / 8;
      byte[] x = fixed(ec.getW().getAffineX(), size);
      byte[] y = fixed(ec.getW().getAffineY(), size);
      byte[] point = new byte[1 + 2 * size];
      point[0] = 4;
      System.arraycopy(x, 0, point, 1, size);
      System.arraycopy(y, 0, point, 1 + size, size);
      forms.put("raw point", point);
      forms.put("x", x);
      forms.put("x base64url", b64(x).getBytes(StandardCharsets.US_ASCII));
    }
    if (key instanceof RSAPublicKey rsa) {
      forms.put("modulus", fixed(rsa.getModulus(), 256));
      forms.put("modulus with sign byte", rsa.getModulus().toByteArray());
      forms.put(
          "n base64url", b64(fixed(rsa.getModulus(), 256)).getBytes(StandardCharsets.US_ASCII));
      forms.put("PKCS#1 RSAPublicKey", java.util.Arrays.copyOfRange(der, 24, der.length));
    }
    if (key instanceof EdECPublicKey) {
      forms.put("raw 32 bytes", java.util.Arrays.copyOfRange(der, der.length - 32, der.length));
    }
    return forms;
  }

  @Test
  void algorithmsOffTheAllowListAreRejected() throws Exception {
    String provider = target.anyProvider();
    TokenVerifier es256Only =
        TokenVerifier.builder()
            .issuer(target.policy().algorithms("ES256").build())
            .clock(target.clock)
            .signatureProvider(provider)
            .build();
    try (TestServer narrow = TestServer.start(new RequireAuthFilter(es256Only))) {
      assertThat(narrow.bearer("/x", target.issuer.token("fine")).statusCode()).isEqualTo(200);
      for (String kid :
          new String[] {
            target.rs256Kid, target.ps256Kid, target.edKid, target.es384Kid, target.es512Kid
          }) {
        String token = target.issuer.token().kid(kid).sign();
        assertThat(narrow.bearer("/x", token).body()).as(kid).contains(NOT_ALLOWED);
      }
    }
    PrivateKey key = privateKey(target.es256Kid);
    for (String alg :
        new String[] {
          "es256",
          "ES256 ",
          " ES256",
          "ES256K",
          "ES224",
          "RS1",
          "RS128",
          "Ed25519",
          "Ed448",
          "EdDSA25519",
          "ES",
          "HS256",
          "hs256",
          "HS1",
          "dir",
          "RSA-OAEP",
          "A128KW",
          "PS256\\u0000",
          "*"
        }) {
      String header = "{\"alg\":\"" + alg + "\",\"kid\":\"" + target.es256Kid + "\"}";
      assertThat(target.refused(provider, sign(header, target.claims(), "ES256", key)))
          .as(alg)
          .isEqualTo(NOT_ALLOWED);
    }
  }

  @ParameterizedTest(name = "[{0}]")
  @MethodSource("dev.gatehouse.VectorFiles#providers")
  void algorithmKeyTypeAndCurveMismatchesAreRejected(String provider) {
    List<String[]> cases = new ArrayList<>();
    // header alg, header kid (the published key named), JCA signer, signing kid
    cases.add(
        new String[] {"ES384", target.es256Kid, "SHA384withECDSAinP1363Format", target.es256Kid});
    cases.add(new String[] {"ES512", target.es256Kid, "ES512", target.es512Kid});
    cases.add(new String[] {"ES256", target.es384Kid, "ES384", target.es384Kid});
    cases.add(
        new String[] {"ES256", target.es512Kid, "SHA256withECDSAinP1363Format", target.es512Kid});
    cases.add(new String[] {"RS256", target.es256Kid, "RS256", target.rs256Kid});
    cases.add(new String[] {"PS256", target.rs256Kid, "PS256", target.rs256Kid});
    cases.add(new String[] {"RS256", target.ps256Kid, "RS256", target.ps256Kid});
    cases.add(new String[] {"RS384", target.rs256Kid, "SHA384withRSA", target.rs256Kid});
    cases.add(new String[] {"EdDSA", target.es256Kid, "EdDSA", target.edKid});
    cases.add(new String[] {"ES256", target.edKid, "ES256", target.es256Kid});
    cases.add(new String[] {"EdDSA", target.rs256Kid, "EdDSA", target.edKid});
    for (String[] c : cases) {
      String header = "{\"alg\":\"" + c[0] + "\",\"kid\":\"" + c[1] + "\"}";
      String token = sign(header, target.claims(), c[2], privateKey(c[3]));
      assertThat(target.refused(provider, token)).as(String.join(" ", c)).isEqualTo(NO_KEY);
    }
  }

  @ParameterizedTest(name = "[{0}]")
  @MethodSource("dev.gatehouse.VectorFiles#providers")
  void noKidIsAcceptedOnlyWhenExactlyOneKeyFitsTheAlgorithm(String provider) {
    target.accepted(provider, target.issuer.token().kid(target.es384Kid).headerKid(null).sign());
    target.accepted(provider, target.issuer.token().kid(target.edKid).headerKid(null).sign());
    // Two ES256 keys are published: without a kid neither is chosen.
    assertThat(
            target.refused(
                provider, target.issuer.token().kid(target.es256Kid).headerKid(null).sign()))
        .isEqualTo(NO_KEY);
  }

  private static byte[] fixed(BigInteger value, int size) {
    byte[] raw = value.toByteArray();
    byte[] out = new byte[size];
    int copy = Math.min(raw.length, size);
    System.arraycopy(raw, raw.length - copy, out, size - copy, copy);
    return out;
  }
}
