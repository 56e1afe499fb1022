package dev.gatehouse.micrometer;

import dev.gatehouse.FailureReason;
import dev.gatehouse.GatehouseEvent;
import dev.gatehouse.GatehouseListener;
import dev.gatehouse.TokenVerifier;
import dev.gatehouse.jwks.JwksStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Gatehouse's events as Micrometer meters, with low-cardinality tags only: a configured issuer, a
 * {@link FailureReason}, an outcome. Never a subject, a path, a token or a {@code kid}, so no
 * client can create a time series.
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th></tr>
 *   <tr><td>{@code gatehouse.tokens}</td><td>counter</td><td>{@code outcome} (accepted,
 *       refused), {@code reason} (a failure reason in lower case, or none), {@code issuer} (the
 *       verified token's, or none)</td></tr>
 *   <tr><td>{@code gatehouse.cache}</td><td>counter</td><td>{@code result} (hit, miss)</td></tr>
 *   <tr><td>{@code gatehouse.keys.fetch}</td><td>timer</td><td>{@code issuer}, {@code outcome}
 *       (updated, not_modified, failed)</td></tr>
 *   <tr><td>{@code gatehouse.keys.cooldown}</td><td>counter</td><td>{@code issuer}</td></tr>
 *   <tr><td>{@code gatehouse.revocations}</td><td>counter</td><td>{@code kind} (token,
 *       session, subject, client, email)</td></tr>
 *   <tr><td>{@code gatehouse.introspection}</td><td>timer</td><td>{@code issuer}, {@code
 *       outcome} (active, inactive, failed)</td></tr>
 *   <tr><td>{@code gatehouse.keys.ready}, {@code gatehouse.keys}</td><td>gauges, with {@link
 *       #watch}</td><td>{@code issuer}: 1 when its keys can verify tokens, else 0; the number of
 *       keys cached</td></tr>
 * </table>
 *
 * <pre>{@code
 * GatehouseMetrics metrics = new GatehouseMetrics(registry);
 * TokenVerifier verifier = TokenVerifier.builder().issuer(policy).listener(metrics).build();
 * metrics.watch(verifier);
 * }</pre>
 *
 * <p>In {@code web.xml}, the setting {@code
 * event-listener=dev.gatehouse.micrometer.GatehouseMetrics} records into {@link
 * Metrics#globalRegistry}.
 *
 * <p>Thread-safe; one instance may serve several verifiers.
 */
public final class GatehouseMetrics implements GatehouseListener {
  /** The tag value for an absent reason or issuer. */
  static final String NONE = "none";

  private final MeterRegistry registry;
  private final Counter hits;
  private final Counter misses;
  private final Map<Tags, Counter> counters = new ConcurrentHashMap<>();
  private final Map<Tags, Timer> timers = new ConcurrentHashMap<>();

  /** Records into {@code registry}. */
  public GatehouseMetrics(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.hits = cache("hit");
    this.misses = cache("miss");
  }

  /** Records into Micrometer's global registry, for the setting {@code event-listener}. */
  public GatehouseMetrics() {
    this(Metrics.globalRegistry);
  }

  private Counter cache(String result) {
    return Counter.builder("gatehouse.cache")
        .description("verified-token cache lookups")
        .tag("result", result)
        .register(registry);
  }

  /**
   * Also shows {@code verifier}'s key status per issuer as the gauges {@code gatehouse.keys.ready}
   * and {@code gatehouse.keys}, read when the registry is scraped (weakly held: a closed and
   * dropped verifier is not kept alive).
   */
  public GatehouseMetrics watch(TokenVerifier verifier) {
    Objects.requireNonNull(verifier, "verifier");
    for (String issuer : verifier.keyStatus().keySet()) {
      Gauge.builder(
              "gatehouse.keys.ready", verifier, v -> status(v, issuer, s -> s.ready() ? 1 : 0))
          .description("1 while the issuer's keys can verify tokens, else 0")
          .tag("issuer", issuer)
          .register(registry);
      Gauge.builder("gatehouse.keys", verifier, v -> status(v, issuer, JwksStatus::keyCount))
          .description("signing keys cached for the issuer")
          .tag("issuer", issuer)
          .register(registry);
    }
    return this;
  }

  private static double status(
      TokenVerifier verifier, String issuer, Function<JwksStatus, Number> value) {
    JwksStatus status = verifier.keyStatus().get(issuer);
    return status == null ? Double.NaN : value.apply(status).doubleValue();
  }

  @Override
  public void on(GatehouseEvent event) {
    if (event == GatehouseEvent.CacheLookup.HIT) {
      hits.increment();
    } else if (event == GatehouseEvent.CacheLookup.MISS) {
      misses.increment();
    } else if (event instanceof GatehouseEvent.TokenAccepted accepted) {
      tokens("accepted", NONE, accepted.issuer()).increment();
    } else if (event instanceof GatehouseEvent.TokenRefused refused) {
      String issuer = refused.issuer() == null ? NONE : refused.issuer();
      tokens("refused", lower(refused.reason()), issuer).increment();
    } else if (event instanceof GatehouseEvent.KeyFetch fetch) {
      timer(
              "gatehouse.keys.fetch",
              "JWKS and metadata fetches",
              Tags.of("issuer", fetch.issuer(), "outcome", lower(fetch.outcome())))
          .record(fetch.latency());
    } else if (event instanceof GatehouseEvent.KidCooldown cooldown) {
      counter(
              "gatehouse.keys.cooldown",
              "unknown kids that waited for the refresh cooldown",
              Tags.of("issuer", cooldown.issuer()))
          .increment();
    } else if (event instanceof GatehouseEvent.RevocationApplied revoked) {
      counter(
              "gatehouse.revocations",
              "revocations recorded on this node",
              Tags.of("kind", lower(revoked.entry().kind())))
          .increment();
    } else if (event instanceof GatehouseEvent.Introspection call) {
      timer(
              "gatehouse.introspection",
              "token introspection calls",
              Tags.of("issuer", call.issuer(), "outcome", lower(call.outcome())))
          .record(call.latency());
    }
  }

  private Counter tokens(String outcome, String reason, String issuer) {
    return counter(
        "gatehouse.tokens",
        "requests whose token was accepted or refused",
        Tags.of("outcome", outcome, "reason", reason, "issuer", issuer));
  }

  private Counter counter(String name, String description, Tags tags) {
    return counters.computeIfAbsent(
        tags.and("name", name),
        key -> Counter.builder(name).description(description).tags(tags).register(registry));
  }

  private Timer timer(String name, String description, Tags tags) {
    return timers.computeIfAbsent(
        tags.and("name", name),
        key -> Timer.builder(name).description(description).tags(tags).register(registry));
  }

  private static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
