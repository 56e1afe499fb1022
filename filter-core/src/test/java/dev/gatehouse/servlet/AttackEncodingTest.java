package dev.gatehouse.servlet;

import static dev.gatehouse.servlet.AttackTarget.parts;
import static dev.gatehouse.servlet.AttackTarget.sign;
import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Encoding and parsing attacks (issue 7) through a real Jetty: padded, non-canonical and
 * wrong-alphabet base64url, extra and missing segments, whitespace, duplicate JSON member names
 * (jose4j rejects them, and claims are never re-parsed by a lenient parser), deep nesting and huge
 * numbers.
 */
final class AttackEncodingTest {
  private static final String NOT_CANONICAL = "token is not canonical base64url";
  private static final String NOT_COMPACT = "token is not a compact JWS";
  private static final String NOT_TOKEN68 = "bearer token has characters outside token68";
  private static AttackTarget target;
  private static PrivateKey forger;

  @BeforeAll
  static void start() throws Exception {
    target = new AttackTarget();
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    forger = generator.generateKeyPair().getPrivate();
  }

  @AfterAll
  static void stop() {
    target.close();
  }

  @AfterEach
  void noOutboundRequest() {
    target.assertNoOutboundRequest();
  }

  private static String provider() {
    return target.anyProvider();
  }

  private static PrivateKey issuerKey() {
    return target.issuer.keyPair(target.es256Kid).getPrivate();
  }

  private static String kid() {
    return ",\"kid\":\"" + target.es256Kid + "\"";
  }

  @Test
  void paddedBase64urlIsRejected() {
    String token = target.issuer.token().sign();
    List<String> p = parts(token);

    assertThat(target.refused(provider(), token + "=")).isEqualTo(NOT_CANONICAL);
    assertThat(target.refused(provider(), token + "==")).isEqualTo(NOT_CANONICAL);
    assertThat(target.refused(provider(), p.get(0) + "==." + p.get(1) + "." + p.get(2)))
        .isEqualTo(NOT_TOKEN68);
    assertThat(target.refused(provider(), p.get(0) + "." + p.get(1) + "=." + p.get(2)))
        .isEqualTo(NOT_TOKEN68);
  }

  @Test
  void nonCanonicalTrailingBitsAreRejected() {
    // 64-byte signature: 86 characters, the last carrying 4 unused bits that lenient decoders
    // ignore.
    String token = target.issuer.token().sign();
    List<String> p = parts(token);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    String signature = p.get(2);
    char last = signature.charAt(signature.length() - 1);
    for (int bits = 1; bits < 16; bits <<= 1) {
      String changed =
          signature.substring(0, signature.length() - 1)
              + alphabet.charAt(alphabet.indexOf(last) | bits);
      assertThat(target.refused(provider(), p.get(0) + "." + p.get(1) + "." + changed))
          .isEqualTo(NOT_CANONICAL);
    }
    assertThat(target.refused(provider(), "e." + p.get(1) + "." + p.get(2)))
        .isEqualTo(NOT_CANONICAL);
  }

  @Test
  void standardAlphabetIsRejected() {
    int checked = 0;
    for (int i = 0; i < 50 && checked < 5; i++) {
      String token = target.issuer.token().jwtId("j" + i).sign();
      String signature = parts(token).get(2);
      if (signature.contains("-") || signature.contains("_")) {
        String standard =
            token.substring(0, token.lastIndexOf('.') + 1)
                + signature.replace('-', '+').replace('_', '/');
        assertThat(target.refused(provider(), standard)).isEqualTo(NOT_CANONICAL);
        checked++;
      }
    }
    assertThat(checked).isPositive();
    assertThat(target.refused(provider(), "eyJhbGciOiJFUzI1NiJ9.e30.a~b")).isEqualTo(NOT_CANONICAL);
  }

  @Test
  void extraOrMissingSegmentsAreRejected() {
    String token = target.issuer.token().sign();
    List<String> p = parts(token);
    String h = p.get(0);
    String c = p.get(1);
    String s = p.get(2);

    assertThat(target.refused(provider(), h + "." + c)).isEqualTo(NOT_COMPACT);
    assertThat(target.refused(provider(), h)).isEqualTo(NOT_COMPACT);
    assertThat(target.refused(provider(), token + "." + s)).isEqualTo(NOT_COMPACT);
    assertThat(target.refused(provider(), token + ".")).isEqualTo(NOT_COMPACT);
    assertThat(target.refused(provider(), token + "." + s + "." + s))
        .isEqualTo("encrypted tokens (JWE) are not accepted");
    assertThat(target.refused(provider(), "." + c + "." + s)).isEqualTo(NOT_COMPACT);
    assertThat(target.refused(provider(), h + ".." + s)).isEqualTo(NOT_COMPACT);
    assertThat(target.refused(provider(), "..." + s)).isEqualTo(NOT_COMPACT);
    assertThat(target.refused(provider(), h + "." + c + "."))
        .isEqualTo("unsigned tokens are not accepted");
    assertThat(target.refused(provider(), c + "." + h + "." + s))
        .isIn("alg header is missing or not a string", "token header is not a JSON object");
    assertThat(target.refused(provider(), ".")).isEqualTo(NOT_COMPACT);
  }

  @Test
  void whitespaceInsideTheCredentialIsRejected() {
    String token = target.issuer.token().sign();
    List<String> p = parts(token);

    assertThat(
            target.refused(
                provider(), "Bearer " + p.get(0) + ". " + p.get(1) + "." + p.get(2), token))
        .isEqualTo(NOT_TOKEN68);
    assertThat(
            target.refused(
                provider(), "Bearer " + p.get(0) + "." + p.get(1) + "\t." + p.get(2), token))
        .isEqualTo(NOT_TOKEN68);
    assertThat(target.refused(provider(), "Bearer " + token + " " + token, token))
        .isEqualTo(NOT_TOKEN68);
    assertThat(target.refused(provider(), "Bearer\t" + token, token))
        .isEqualTo("malformed Authorization header");
    assertThat(target.refused(provider(), "Bearer " + token.replace(".", "%2E"), token))
        .isEqualTo(NOT_TOKEN68);
  }

  @Test
  void duplicateMemberNamesAreRejected() {
    // Validly signed by the issuer: only the duplicate makes these tokens bad.
    for (String header :
        new String[] {
          "{\"alg\":\"ES256\"" + kid() + ",\"alg\":\"none\"}",
          "{\"alg\":\"none\",\"alg\":\"ES256\"" + kid() + "}",
          "{\"alg\":\"ES256\",\"kid\":\"other\"" + kid() + "}",
          "{\"alg\":\"ES256\"" + kid() + ",\"typ\":\"JWT\",\"typ\":\"dpop+jwt\"}",
          "{\"alg\":\"ES256\"" + kid() + ",\"crit\":[\"x\"],\"crit\":null}",
        }) {
      assertThat(target.refused(provider(), sign(header, target.claims(), "ES256", issuerKey())))
          .as(header)
          .isEqualTo("token header is not a JSON object");
    }
    String header = "{\"alg\":\"ES256\"" + kid() + "}";
    for (String extra :
        new String[] {
          ",\"sub\":\"admin\"",
          ",\"iss\":\"https://evil.example\"",
          ",\"aud\":\"other\"",
          ",\"exp\":9999999999",
          ",\"scope\":\"a\",\"scope\":\"admin\"",
        }) {
      assertThat(
              target.refused(provider(), sign(header, target.claims(extra), "ES256", issuerKey())))
          .as(extra)
          .isEqualTo("token claims are not a JSON object");
    }
  }

  @Test
  void laxJsonIsRejected() {
    String header = "{\"alg\":\"ES256\"" + kid() + "}";
    String base = target.claims();
    String body = base.substring(1, base.length() - 1);
    for (String claims :
        new String[] {
          "{" + body + ",}",
          "{" + body + "} trailing",
          "{" + body + "}{}",
          "{'sub':'admin'," + body + "}",
          "{/*c*/" + body + "}",
          "\ufeff{" + body + "}",
          "[{" + body + "}]",
          "\"{" + body.replace("\"", "\\\"") + "}\"",
          "null",
          "{" + body + ",,}",
          "{\"a\":[1,]," + body + "}",
          "{\"a\":[,1]," + body + "}",
          "{\"a\":1 " + body + "}",
          "{\"a\":01," + body + "}",
          "{\"a\":\"\t\"," + body + "}",
        }) {
      assertThat(target.refused(provider(), sign(header, claims, "ES256", issuerKey())))
          .as(claims)
          .isEqualTo("token claims are not a JSON object");
    }
  }

  @Test
  void deepNestingIsRejectedWithoutCrashing() {
    String header = "{\"alg\":\"ES256\"" + kid() + "}";
    String arrays = "[".repeat(5_000) + "]".repeat(5_000);
    String objects = "{\"a\":".repeat(1_500) + "1" + "}".repeat(1_500);
    for (String nested : new String[] {arrays, objects}) {
      String forged = sign(header, target.claims(",\"x\":" + nested), "ES256", forger);
      assertThat(target.refused(provider(), forged))
          .isEqualTo("token claims are not a JSON object");
      String deepHeader = "{\"alg\":\"ES256\"" + kid() + ",\"x\":" + nested + "}";
      assertThat(target.refused(provider(), sign(deepHeader, target.claims(), "ES256", forger)))
          .isEqualTo("token header is not a JSON object");
    }
    // Issuer-signed, so only the depth is wrong: refused before any recursive reader sees it.
    String issuerSigned = sign(header, target.claims(",\"x\":" + arrays), "ES256", issuerKey());
    assertThat(target.refused(provider(), issuerSigned))
        .isEqualTo("token claims are not a JSON object");
    String limit = "[".repeat(31) + "]".repeat(31);
    target.accepted(
        provider(), sign(header, target.claims(",\"x\":" + limit), "ES256", issuerKey()));
    String tooDeep = "[".repeat(9_000) + "]".repeat(9_000);
    assertThat(
            target.refused(
                provider(), sign(header, target.claims(",\"x\":" + tooDeep), "ES256", forger)))
        .isEqualTo("token is too large");
  }

  @Test
  void hugeNumbersAreRejectedWithoutCrashing() {
    String header = "{\"alg\":\"ES256\"" + kid() + "}";
    for (String number :
        new String[] {
          "1e400",
          "-1e400",
          "1.7976931348623157e309",
          "99999999999999999999999999",
          "-99999999999999999999999999",
          "9".repeat(5_000),
          "0." + "0".repeat(4_000) + "1",
          "1e-400",
          "9223372036854775808",
          "-9223372036854775809"
        }) {
      for (String claim : new String[] {"exp", "nbf", "iat"}) {
        String claims = target.claims().replaceFirst("\"" + claim + "\":[0-9]+,?", "");
        claims =
            claims.substring(0, claims.length() - 1)
                + (claims.endsWith(",}") ? "" : ",")
                + "\""
                + claim
                + "\":"
                + number
                + "}";
        String message =
            target.refused(provider(), sign(header, claims.replace(",}", "}"), "ES256", forger));
        assertThat(message)
            .as("%s=%s", claim, number.length() > 40 ? number.substring(0, 40) + "..." : number)
            .isIn(
                "signature does not verify",
                "token could not be parsed",
                "token claims are not a JSON object",
                "token expired",
                "token not yet valid",
                "token issued in the future",
                "exp claim is missing",
                claim + " claim has the wrong type");
      }
    }
  }
}
