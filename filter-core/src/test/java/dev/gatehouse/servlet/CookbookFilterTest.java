package dev.gatehouse.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.VectorFiles;
import java.util.Map;
import java.util.Objects;
import org.jose4j.json.JsonUtil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The JOSE cookbook examples a bearer filter must refuse, sent through the full filter on a real
 * Jetty (issue 7): RFC 7797 {@code b64: false} (compact and JSON), RFC 7515 Appendix E ({@code
 * crit}), the RFC 7515 A.5 unsecured JWS, and RFC 7520 §6's JWS nested in a JWE.
 */
@org.junit.jupiter.api.extension.ExtendWith(VectorFiles.Condition.class)
final class CookbookFilterTest {
  private static AttackTarget target;

  @BeforeAll
  static void start() {
    VectorFiles.assumePresent();
    target = new AttackTarget();
  }

  @AfterAll
  static void stop() {
    if (target != null) {
      target.close();
    }
  }

  @AfterEach
  void noOutboundRequest() {
    target.assertNoOutboundRequest();
  }

  private static Map<String, Object> output(String file) {
    return Objects.requireNonNull(
        VectorFiles.object(VectorFiles.json("jose-cookbook/" + file), "output"));
  }

  @Test
  void unencodedPayloadExamplesAreRefused() {
    // The compact example's payload has spaces: not a token68, refused before parsing.
    String compact = (String) output("rfc7797/hmac-sha2_b64_false.json").get("compact");
    assertThat(target.refused(target.anyProvider(), "Bearer " + compact, compact))
        .isEqualTo("bearer token has characters outside token68");
    String json =
        JsonUtil.toJson(
            VectorFiles.object(output("rfc7797/4.2.hmac-sha2_b64_false.json"), "json_flat"));
    assertThat(target.refused(target.anyProvider(), "Bearer " + json, json))
        .isEqualTo("bearer token has characters outside token68");
    // The same header with a token68 payload reaches the parser, which refuses the crit extension.
    String header = compact.substring(0, compact.indexOf('.'));
    String tokenish = header + ".VGhpcw." + compact.substring(compact.lastIndexOf('.') + 1);
    assertThat(target.refused(target.anyProvider(), tokenish))
        .isEqualTo("critical header extensions are not supported");
  }

  @Test
  void criticalHeaderExampleIsRefused() {
    Map<String, Object> e =
        VectorFiles.objects(
                VectorFiles.json("jose-cookbook/rfc7515_appendix_a.json").get("examples"))
            .stream()
            .filter(x -> "RFC7515-E".equals(x.get("id")))
            .findFirst()
            .orElseThrow();
    String compact = (String) e.get("compact");
    String message = target.refused(target.anyProvider(), compact);
    assertThat(message)
        .isIn("unsigned tokens are not accepted", "critical header extensions are not supported");
    // With a signature and an allowed alg, the crit member itself is what is refused.
    String header =
        AttackTarget.b64(
            "{\"alg\":\"ES256\",\"crit\":[\"http://example.com/UNDEFINED\"],\"http://example.com/UNDEFINED\":true}");
    String signed =
        header + "." + compact.split("\\.", -1)[1] + "." + AttackTarget.b64(new byte[64]);
    assertThat(target.refused(target.anyProvider(), signed))
        .isEqualTo("critical header extensions are not supported");
  }

  @Test
  void unsecuredExampleIsRefused() {
    Map<String, Object> a5 =
        VectorFiles.objects(
                VectorFiles.json("jose-cookbook/rfc7515_appendix_a.json").get("examples"))
            .stream()
            .filter(x -> "RFC7515-A.5".equals(x.get("id")))
            .findFirst()
            .orElseThrow();
    assertThat(target.refused(target.anyProvider(), (String) a5.get("compact")))
        .isEqualTo("unsigned tokens are not accepted");
  }

  @Test
  void jwsNestedInAJweIsRefused() {
    Map<String, Object> nesting =
        VectorFiles.json("jose-cookbook/6.nesting_signatures_and_encryption.json");
    String jwe =
        (String)
            Objects.requireNonNull(
                    VectorFiles.object(
                        Objects.requireNonNull(VectorFiles.object(nesting, "encrypt")), "output"))
                .get("compact");
    String jws =
        (String)
            Objects.requireNonNull(
                    VectorFiles.object(
                        Objects.requireNonNull(VectorFiles.object(nesting, "sign")), "output"))
                .get("compact");

    assertThat(target.refused(target.anyProvider(), jwe))
        .isEqualTo("encrypted tokens (JWE) are not accepted");
    assertThat(target.refused(target.anyProvider(), jws))
        .isIn("issuer not trusted", "token expired");
  }
}
