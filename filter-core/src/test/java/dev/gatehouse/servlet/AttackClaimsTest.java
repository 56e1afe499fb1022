package dev.gatehouse.servlet;

import static dev.gatehouse.servlet.AttackTarget.sign;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.security.PrivateKey;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Claim attacks (issue 7) through a real Jetty on a fixed clock: {@code exp}, {@code nbf} and
 * {@code iat} exactly at the leeway and one second past it, claims of the wrong JSON type, {@code
 * aud} as a string and as an array, {@code iss} differing by case or a trailing slash, and refusals
 * that leak nothing of the token.
 */
final class AttackClaimsTest {
  private static AttackTarget target;
  private static long now;
  private static long leeway;

  @BeforeAll
  static void start() {
    target = new AttackTarget();
    now = target.clock.instant().getEpochSecond();
    leeway = AttackTarget.LEEWAY.toSeconds();
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

  /** Issuer-signed claims: iss, sub, aud as given, plus {@code members}. */
  private static String token(String members) {
    String header = "{\"alg\":\"ES256\",\"kid\":\"" + target.es256Kid + "\"}";
    return sign(
        header,
        "{\"iss\":\""
            + target.issuer.issuer()
            + "\",\"sub\":\"victim\",\"aud\":\"api\","
            + members
            + "}",
        "ES256",
        issuerKey());
  }

  @Test
  void expiryIsRefusedFromExactlyTheLeewayOn() {
    // RFC 7519 §4.1.4: refused on or after exp (plus the leeway), accepted the second before.
    target.accepted(provider(), token("\"exp\":" + (now - leeway + 1)));
    assertThat(target.refused(provider(), token("\"exp\":" + (now - leeway))))
        .isEqualTo("token expired");
    assertThat(target.refused(provider(), token("\"exp\":" + (now - leeway - 1))))
        .isEqualTo("token expired");
    assertThat(target.refused(provider(), token("\"exp\":0"))).isEqualTo("token expired");
    assertThat(target.refused(provider(), token("\"exp\":-1"))).isEqualTo("token expired");
  }

  @Test
  void notBeforeIsExactAtTheLeeway() {
    // RFC 7519 §4.1.5: accepted on or after nbf (less the leeway), refused the second before.
    long exp = now + 600;
    target.accepted(provider(), token("\"exp\":" + exp + ",\"nbf\":" + (now + leeway)));
    assertThat(
            target.refused(provider(), token("\"exp\":" + exp + ",\"nbf\":" + (now + leeway + 1))))
        .isEqualTo("token not yet valid");
  }

  @Test
  void issuedAtIsExactAtTheLeeway() {
    long exp = now + 600;
    target.accepted(provider(), token("\"exp\":" + exp + ",\"iat\":" + (now + leeway)));
    assertThat(
            target.refused(provider(), token("\"exp\":" + exp + ",\"iat\":" + (now + leeway + 1))))
        .isEqualTo("token issued in the future");
  }

  @Test
  void timeClaimsOfTheWrongTypeAreRejected() {
    long exp = now + 300;
    for (String claim : new String[] {"exp", "nbf", "iat"}) {
      for (String value :
          new String[] {
            "\"" + exp + "\"",
            "true",
            "false",
            "[" + exp + "]",
            "{\"t\":" + exp + "}",
            "\"tomorrow\""
          }) {
        String members =
            claim.equals("exp")
                ? "\"exp\":" + value
                : "\"exp\":" + exp + ",\"" + claim + "\":" + value;
        assertThat(target.refused(provider(), token(members)))
            .as("%s=%s", claim, value)
            .isEqualTo(claim + " claim has the wrong type");
      }
    }
    assertThat(target.refused(provider(), token("\"exp\":null"))).isEqualTo("exp claim is missing");
    assertThat(target.refused(provider(), token("\"nbf\":1"))).isEqualTo("exp claim is missing");
  }

  @Test
  void otherClaimsOfTheWrongTypeAreRejected() {
    String exp = "\"exp\":" + (now + 300);
    String header = "{\"alg\":\"ES256\",\"kid\":\"" + target.es256Kid + "\"}";
    String iss = "\"iss\":\"" + target.issuer.issuer() + "\"";
    for (String sub : new String[] {"1", "true", "[\"victim\"]", "{\"id\":\"victim\"}"}) {
      String claims = "{" + iss + ",\"sub\":" + sub + ",\"aud\":\"api\"," + exp + "}";
      assertThat(target.refused(provider(), sign(header, claims, "ES256", issuerKey())))
          .as(sub)
          .isEqualTo("sub claim has the wrong type");
    }
    assertThat(
            target.refused(
                provider(),
                sign(
                    header,
                    "{" + iss + ",\"sub\":\"\",\"aud\":\"api\"," + exp + "}",
                    "ES256",
                    issuerKey())))
        .isEqualTo("sub claim is missing");
    for (String scope : new String[] {"1", "true", "{\"a\":1}", "[1]"}) {
      assertThat(target.refused(provider(), token(exp + ",\"scope\":" + scope)))
          .as(scope)
          .isEqualTo("scope claim has the wrong type");
    }
  }

  @Test
  void audienceAsStringOrArray() {
    String exp = "\"exp\":" + (now + 300);
    String header = "{\"alg\":\"ES256\",\"kid\":\"" + target.es256Kid + "\"}";
    String start =
        "{\"iss\":\"" + target.issuer.issuer() + "\",\"sub\":\"victim\"," + exp + ",\"aud\":";
    target.accepted(provider(), sign(header, start + "\"api\"}", "ES256", issuerKey()));
    target.accepted(provider(), sign(header, start + "[\"other\",\"api\"]}", "ES256", issuerKey()));
    target.accepted(provider(), sign(header, start + "[\"api\"]}", "ES256", issuerKey()));
    for (String aud :
        new String[] {"\"API\"", "\"api \"", "\"other\"", "[]", "[\"other\"]", "\"\"", "null"}) {
      assertThat(target.refused(provider(), sign(header, start + aud + "}", "ES256", issuerKey())))
          .as(aud)
          .isEqualTo("audience not accepted");
    }
    for (String aud :
        new String[] {"1", "true", "[1]", "[\"api\",1]", "{\"api\":true}", "[[\"api\"]]"}) {
      assertThat(target.refused(provider(), sign(header, start + aud + "}", "ES256", issuerKey())))
          .as(aud)
          .isEqualTo("aud claim has the wrong type");
    }
  }

  @Test
  void issuerMustMatchExactly() {
    String issuer = target.issuer.issuer();
    String header = "{\"alg\":\"ES256\",\"kid\":\"" + target.es256Kid + "\"}";
    String rest = ",\"sub\":\"victim\",\"aud\":\"api\",\"exp\":" + (now + 300) + "}";
    for (String iss :
        new String[] {
          "\"" + issuer.toUpperCase(java.util.Locale.ROOT) + "\"",
          "\"" + issuer.replace("http://", "HTTP://") + "\"",
          "\"" + issuer + "/\"",
          "\"" + issuer + " \"",
          "\" " + issuer + "\"",
          "\"" + issuer.replace("http://", "https://") + "\"",
          "\"" + issuer.replace("127.0.0.1", "localhost") + "\"",
          "\"" + issuer + "/.\"",
          "[\"" + issuer + "\"]",
          "1",
        }) {
      assertThat(
              target.refused(
                  provider(), sign(header, "{\"iss\":" + iss + rest, "ES256", issuerKey())))
          .as(iss)
          .isEqualTo("issuer not trusted");
    }
    assertThat(
            target.refused(provider(), sign(header, "{" + rest.substring(1), "ES256", issuerKey())))
        .isEqualTo("iss claim is missing");
  }

  @Test
  void refusalsLeakNoClaimSignatureKeyOrStackTrace() {
    String secretClaims =
        ",\"email\":\"secret.person@example.com\",\"ssn\":\"078-05-1120\",\"exp\":"
            + (now + 300)
            + ",\"scope\":\"top-secret-scope\"";
    String header = "{\"alg\":\"ES256\",\"kid\":\"" + target.es256Kid + "\"}";
    String wrongAudience =
        sign(
            header,
            "{\"iss\":\""
                + target.issuer.issuer()
                + "\",\"sub\":\"secret-subject\",\"aud\":\"other\""
                + secretClaims
                + "}",
            "ES256",
            issuerKey());
    String badSignature =
        AttackTarget.withSignature(wrongAudience.replace("other", "api"), new byte[64]);
    for (String token :
        new String[] {
          wrongAudience, badSignature, token("\"exp\":" + Instant.EPOCH.getEpochSecond())
        }) {
      HttpResponse<String> response = target.server(provider()).bearer("/x", token);
      String everything = response.headers().map() + response.body();
      assertThat(everything)
          .doesNotContain(
              "secret-subject",
              "secret.person",
              "078-05-1120",
              "top-secret-scope",
              "victim",
              target.es256Kid,
              target.issuer.issuer())
          .doesNotContain(AttackTarget.parts(token).get(2).substring(0, 20));
      AttackTarget.assertNoLeak(response, token);
      assertThat(response.statusCode()).isEqualTo(401);
    }
  }
}
