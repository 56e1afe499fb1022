package dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.gatehouse.testkit.MockIssuer;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzzes header extraction and token verification together (issue 7): whatever the {@code
 * Authorization} values, {@link TokenVerifier#authenticate} returns an {@link Auth} or throws an
 * {@link AuthException} whose reason is a client error; any other exception or error is a finding.
 *
 * <p>In plain {@code mvn test} only the inputs under {@code TokenFuzzTestInputs/} run (regression
 * mode). {@code mvn verify} fuzzes for {@code fuzz.seconds} (default 5) with {@code JAZZER_FUZZ=1};
 * run longer with {@code -Dfuzz.seconds=600}. Crash inputs Jazzer writes to {@code
 * src/test/resources/dev/gatehouse/TokenFuzzTestInputs/authenticateYieldsAuthOrATypedFailure/} are
 * committed and run as regression cases from then on.
 */
final class TokenFuzzTest {
  private static final String[] ALGORITHMS = {
    "ES256", "RS256", "EdDSA", "PS256", "ES384", "HS256", "none", "None", ""
  };
  private static final String[] CLAIMS = {
    "iss", "sub", "aud", "exp", "nbf", "iat", "scope", "scp", "jti", "roles"
  };

  private static MockIssuer issuer;
  private static TokenVerifier verifier;
  private static String es256Kid;
  private static String rs256Kid;
  private static String edKid;

  @BeforeAll
  static void start() throws AuthException {
    issuer = MockIssuer.start();
    es256Kid = issuer.signingKid();
    rs256Kid = issuer.addKey("RS256");
    edKid = issuer.addKey("EdDSA");
    verifier =
        TokenVerifier.builder()
            .issuer(
                IssuerPolicy.builder(issuer.issuer())
                    .audiences("api")
                    .jwksUri(issuer.jwksUri())
                    .build())
            .tokenCacheSize(0)
            .build();
    assertThat(verifier.verify(issuer.token("warm-up")).subject()).isEqualTo("warm-up");
  }

  @AfterAll
  static void stop() {
    issuer.close();
  }

  @FuzzTest(maxDuration = "10s")
  void authenticateYieldsAuthOrATypedFailure(FuzzedDataProvider data) {
    List<String> headers = headers(data);
    try {
      Auth auth = verifier.authenticate(headers);
      assertThat(auth.issuer()).isEqualTo(issuer.issuer());
    } catch (AuthException e) {
      assertThat(e.failure().reason().status()).as(e.failure().message()).isIn(400, 401);
    }
  }

  /** Authorization values shaped by the input: raw, bearer, structured JWS, or several. */
  private static List<String> headers(FuzzedDataProvider data) {
    switch (data.consumeInt(0, 4)) {
      case 0:
        return List.of(data.consumeRemainingAsString());
      case 1:
        return List.of("Bearer " + data.consumeRemainingAsString());
      case 2:
        return List.of(
            "Bearer "
                + b64(data.consumeString(400))
                + "."
                + b64(data.consumeString(2000))
                + "."
                + b64(data.consumeRemainingAsBytes()));
      case 3:
        return List.of("Bearer " + structured(data));
      default:
        List<String> several = new ArrayList<>();
        int n = data.consumeInt(0, 3);
        for (int i = 0; i < n; i++) {
          several.add(data.consumeString(300));
        }
        return several;
    }
  }

  /** A JWS from the issuer's keys with fuzzed header and claim values, signed for real or not. */
  private static String structured(FuzzedDataProvider data) {
    String alg = data.pickValue(ALGORITHMS);
    String[] kids = {es256Kid, rs256Kid, edKid, data.consumeString(40)};
    StringBuilder header = new StringBuilder("{\"alg\":\"").append(alg).append('"');
    if (data.consumeBoolean()) {
      header.append(",\"kid\":").append(json(data.pickValue(kids)));
    }
    if (data.consumeBoolean()) {
      header.append(',').append(json(data.consumeString(20))).append(':').append(value(data));
    }
    header.append('}');
    StringBuilder claims = new StringBuilder("{\"iss\":").append(json(issuer.issuer()));
    long now = System.currentTimeMillis() / 1000;
    claims.append(",\"exp\":").append(data.consumeBoolean() ? now + 300 : data.consumeLong());
    int n = data.consumeInt(0, 6);
    for (int i = 0; i < n; i++) {
      String name = data.consumeBoolean() ? data.pickValue(CLAIMS) : data.consumeString(12);
      claims.append(',').append(json(name)).append(':').append(value(data));
    }
    claims.append('}');
    String input = b64(header.toString()) + "." + b64(claims.toString());
    byte[] signature = data.consumeBoolean() ? sign(alg, input) : data.consumeRemainingAsBytes();
    return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
  }

  private static String value(FuzzedDataProvider data) {
    switch (data.consumeInt(0, 5)) {
      case 0:
        return json(data.consumeString(60));
      case 1:
        return Long.toString(data.consumeLong());
      case 2:
        return Boolean.toString(data.consumeBoolean());
      case 3:
        return "[" + json(data.consumeString(20)) + "," + data.consumeInt() + "]";
      case 4:
        return "{\"a\":" + json(data.consumeString(20)) + "}";
      default:
        return data.consumeString(60);
    }
  }

  private static byte[] sign(String alg, String input) {
    try {
      String kid =
          alg.startsWith("RS") || alg.startsWith("PS")
              ? rs256Kid
              : alg.equals("EdDSA") ? edKid : es256Kid;
      PrivateKey key = issuer.keyPair(kid).getPrivate();
      String jca =
          switch (alg) {
            case "RS256" -> "SHA256withRSA";
            case "PS256" -> "RSASSA-PSS";
            case "EdDSA" -> "Ed25519";
            case "ES384" -> "SHA384withECDSAinP1363Format";
            default -> "SHA256withECDSAinP1363Format";
          };
      Signature signature = Signature.getInstance(jca);
      if (jca.equals("RSASSA-PSS")) {
        signature.setParameter(
            new java.security.spec.PSSParameterSpec(
                "SHA-256", "MGF1", java.security.spec.MGF1ParameterSpec.SHA256, 32, 1));
      }
      signature.initSign(key);
      signature.update(input.getBytes(StandardCharsets.US_ASCII));
      return signature.sign();
    } catch (java.security.GeneralSecurityException e) {
      return new byte[0];
    }
  }

  private static String json(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  private static String b64(String text) {
    return b64(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
