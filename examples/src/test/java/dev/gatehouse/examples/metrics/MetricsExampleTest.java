package dev.gatehouse.examples.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.examples.RunningExample;
import dev.gatehouse.testkit.MockIssuer;
import dev.gatehouse.testkit.MockIssuerExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 18's Prometheus scrape: requests through the metrics example on 127.0.0.1, then its {@code
 * /metrics} read over HTTP as Prometheus reads it.
 */
@ExtendWith(MockIssuerExtension.class)
final class MetricsExampleTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void theScrapeCountsTokensCacheLookupsAndKeyFetches(MockIssuer issuer) throws Exception {
    try (RunningExample app = MetricsExample.start(issuer, 0)) {
      String token = issuer.token().subject("alice").sign();
      assertThat(get(app.uri("/api/orders"), token).statusCode()).isEqualTo(200);
      assertThat(get(app.uri("/api/orders"), token).statusCode()).isEqualTo(200);
      String expired = issuer.token().expiresIn(Duration.ofMinutes(-5)).sign();
      assertThat(get(app.uri("/api/orders"), expired).statusCode()).isEqualTo(401);
      assertThat(get(app.uri("/api/orders"), null).statusCode()).isEqualTo(401);
      HttpResponse<String> ready = get(app.uri("/ready"), null);
      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(ready.body()).contains("\"status\":\"ready\"");

      HttpResponse<String> scrape = get(app.uri("/metrics"), null);
      assertThat(scrape.statusCode()).isEqualTo(200);
      assertThat(scrape.headers().firstValue("Content-Type").orElseThrow())
          .startsWith("text/plain");
      List<String> lines = Arrays.asList(scrape.body().split("\n"));
      String iss = "issuer=\"" + issuer.issuer() + "\"";
      assertThat(lines)
          .contains(
              "gatehouse_tokens_total{" + iss + ",outcome=\"accepted\",reason=\"none\"} 2.0",
              "gatehouse_tokens_total{issuer=\"none\",outcome=\"refused\",reason=\"expired\"} 1.0",
              "gatehouse_tokens_total{issuer=\"none\",outcome=\"refused\",reason=\"missing_token\"}"
                  + " 1.0",
              "gatehouse_cache_total{result=\"hit\"} 1.0",
              "gatehouse_cache_total{result=\"miss\"} 2.0",
              "gatehouse_keys_fetch_seconds_count{" + iss + ",outcome=\"updated\"} 1",
              "gatehouse_keys_ready{" + iss + "} 1.0",
              "gatehouse_keys{" + iss + "} 1.0");
      assertThat(scrape.body()).doesNotContain("alice", "/api/orders");
    }
  }

  private static HttpResponse<String> get(URI uri, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri);
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
