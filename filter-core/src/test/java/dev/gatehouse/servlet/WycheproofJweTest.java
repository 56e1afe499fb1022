package dev.gatehouse.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.VectorFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jose4j.json.JsonUtil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Wycheproof {@code json_web_encryption_test.json}: every JWE, valid or not, is refused by the full
 * filter on a real Jetty (issue 7). A bearer access token here is a compact JWS; a JWE is a token
 * of the wrong kind whatever its contents.
 */
@org.junit.jupiter.api.extension.ExtendWith(VectorFiles.Condition.class)
final class WycheproofJweTest {
  private static AttackTarget target;
  private static int run;

  /** One case: its tcId, comment, label and the JWE (JSON serialisations as their JSON text). */
  record Case(int tcId, String comment, String result, String jwe) {
    @Override
    public String toString() {
      return "tcId " + tcId + " " + comment + " -> " + result;
    }
  }

  @BeforeAll
  static void start() {
    VectorFiles.assumePresent();
    target = new AttackTarget();
  }

  @AfterAll
  static void stop() {
    if (target != null) {
      target.close();
      System.out.printf(
          "VECTORS wycheproof/json_web_encryption_test.json [filter]: %d run, %d refused, 0 documented exceptions%n",
          run, run);
    }
  }

  @AfterEach
  void noOutboundRequest() {
    target.assertNoOutboundRequest();
  }

  static Stream<Arguments> cases() {
    if (!VectorFiles.present()) {
      return Stream.empty();
    }
    List<Arguments> out = new ArrayList<>();
    for (Map<String, Object> group :
        VectorFiles.groups(VectorFiles.json("wycheproof/json_web_encryption_test.json"))) {
      for (Map<String, Object> test : VectorFiles.objects(group.get("tests"))) {
        Object jwe = test.get("jwe");
        String token = jwe instanceof String s ? s : JsonUtil.toJson(asMap(jwe));
        out.add(
            Arguments.of(
                new Case(
                    ((Number) test.get("tcId")).intValue(),
                    (String) test.get("comment"),
                    (String) test.get("result"),
                    token)));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void isRefusedByTheFilter(Case vector) {
    String message = target.refused(target.anyProvider(), vector.jwe());
    run++;
    if (vector.jwe().chars().filter(c -> c == '.').count() == 4 && !vector.jwe().startsWith("{")) {
      assertThat(message).isEqualTo("encrypted tokens (JWE) are not accepted");
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, ?> asMap(Object value) {
    return (Map<String, ?>) value;
  }
}
