package dev.gatehouse.examples.metrics;

import dev.gatehouse.AuditLog;
import dev.gatehouse.Guard;
import dev.gatehouse.IssuerPolicy;
import dev.gatehouse.Readiness;
import dev.gatehouse.TokenVerifier;
import dev.gatehouse.examples.ExampleApi;
import dev.gatehouse.examples.RunningExample;
import dev.gatehouse.examples.jetty.JettyExample;
import dev.gatehouse.micrometer.GatehouseMetrics;
import dev.gatehouse.testkit.MockIssuer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Gatehouse's meters scraped by Prometheus, on the embedded Jetty 12 of {@link JettyExample}: the
 * verifier tells {@link GatehouseMetrics} (on a {@link PrometheusMeterRegistry}) and {@link
 * AuditLog} every event, the filter answers the readiness probe at {@code /ready} before the bearer
 * check, and {@code /metrics} (excluded from the check; keep it on an internal port in production)
 * serves the scrape.
 *
 * <pre>{@code
 * try (RunningExample app = MetricsExample.start(issuer, 0)) {
 *   URI scrape = app.uri("/metrics");
 * }
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class MetricsExample {
  private MetricsExample() {}

  /**
   * Starts the example on 127.0.0.1:{@code port} (0: any free port), trusting {@code issuer}.
   *
   * @throws IllegalStateException if Jetty does not start, such as when the port is taken
   */
  public static RunningExample start(MockIssuer issuer, int port) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    GatehouseMetrics metrics = new GatehouseMetrics(registry);
    TokenVerifier verifier =
        TokenVerifier.builder()
            .issuer(
                IssuerPolicy.builder(issuer.issuer())
                    .audiences(ExampleApi.AUDIENCE)
                    .jwksUri(issuer.jwksUri())
                    .build())
            .listener(metrics)
            .listener(AuditLog.create(AuditLog.Subject.HASH))
            .build();
    metrics.watch(verifier);
    Guard guard =
        Guard.builder(verifier)
            .endpoint("/ready", Readiness.of(verifier))
            .excludePaths("/metrics")
            .build();

    try {
      RunningExample app =
          JettyExample.start(guard, port, Map.of("/metrics", new Scrape(registry)));
      return new Running(app, verifier);
    } catch (RuntimeException e) {
      verifier.close();
      throw e;
    }
  }

  /** The Prometheus text exposition of the registry. */
  private static final class Scrape extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient PrometheusMeterRegistry registry;

    Scrape(PrometheusMeterRegistry registry) {
      this.registry = registry;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      response.setContentType("text/plain; version=0.0.4; charset=utf-8");
      response.getOutputStream().write(registry.scrape().getBytes(StandardCharsets.UTF_8));
    }
  }

  private record Running(RunningExample app, TokenVerifier verifier) implements RunningExample {
    @Override
    public URI baseUri() {
      return app.baseUri();
    }

    @Override
    public void close() {
      try {
        app.close();
      } finally {
        verifier.close();
      }
    }
  }
}
