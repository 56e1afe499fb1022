package dev.gatehouse.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.IssuerPolicy;
import dev.gatehouse.TokenVerifier;
import dev.gatehouse.testkit.MockIssuer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's Micrometer snippet, compiled here and quoted there verbatim. */
final class ReadmeSnippetTest {
  static TokenVerifier metered(String issuer, URI jwksUri, MeterRegistry registry) {
    // README: micrometer
    GatehouseMetrics metrics = new GatehouseMetrics(registry);
    TokenVerifier verifier =
        TokenVerifier.builder()
            .issuer(IssuerPolicy.builder(issuer).audiences("orders-api").jwksUri(jwksUri).build())
            .listener(metrics)
            .build();
    metrics.watch(verifier);
    // README: end
    return verifier;
  }

  @Test
  void theSnippetIsInTheReadmeAndRegistersTheGauges() throws Exception {
    List<String> lines =
        Files.readAllLines(
            Path.of("src/test/java/dev/gatehouse/micrometer/ReadmeSnippetTest.java"));
    int start = lines.indexOf("    // README: micrometer");
    int end = lines.indexOf("    // README: end");
    StringBuilder snippet = new StringBuilder();
    lines.subList(start + 1, end).forEach(line -> snippet.append(line.substring(4)).append('\n'));
    assertThat(Files.readString(Path.of("..", "README.md"))).contains(snippet);

    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (MockIssuer issuer = MockIssuer.start();
        TokenVerifier verifier = metered(issuer.issuer(), issuer.jwksUri(), registry)) {
      assertThat(registry.get("gatehouse.keys.ready").tags("issuer", issuer.issuer()).gauge())
          .isNotNull();
      assertThat(verifier.issuers()).hasSize(1);
    }
  }
}
