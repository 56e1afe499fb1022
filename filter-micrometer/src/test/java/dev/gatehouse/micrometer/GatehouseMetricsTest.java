package dev.gatehouse.micrometer;

import static io.micrometer.core.tck.MeterRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.Decision;
import dev.gatehouse.Guard;
import dev.gatehouse.IssuerPolicy;
import dev.gatehouse.RequestView;
import dev.gatehouse.Settings;
import dev.gatehouse.TokenVerifier;
import dev.gatehouse.testkit.MockIssuer;
import dev.gatehouse.testkit.MockIssuerExtension;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 18's Micrometer meters, recorded by a real verifier and guard against a real mock issuer:
 * names, tags and counts, and that no value a client chooses (a {@code kid}, a subject, a path)
 * becomes a tag.
 */
@ExtendWith(MockIssuerExtension.class)
final class GatehouseMetricsTest {
  private MockIssuer issuer;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final GatehouseMetrics metrics = new GatehouseMetrics(registry);

  @BeforeEach
  void start(MockIssuer issuer) {
    this.issuer = issuer;
  }

  private TokenVerifier verifier(Duration cooldown) {
    return TokenVerifier.builder()
        .issuer(
            IssuerPolicy.builder(issuer.issuer())
                .audiences("api")
                .jwksUri(issuer.jwksUri())
                .jwksRefreshCooldown(cooldown)
                .introspectionUri(issuer.introspectionUri())
                .introspectionClient(
                    MockIssuer.INTROSPECTION_CLIENT_ID, MockIssuer.INTROSPECTION_CLIENT_SECRET)
                .build())
        .listener(metrics)
        .build();
  }

  private static Decision send(Guard guard, String path, String token) {
    return guard.decide(
        RequestView.builder("GET", path)
            .headers(name -> name.equals("Authorization") ? List.of("Bearer " + token) : List.of())
            .build());
  }

  private double count(String name, String... tags) {
    return registry.get(name).tags(tags).counter().count();
  }

  @Test
  void tokensAreCountedByOutcomeReasonAndVerifiedIssuer() {
    try (TokenVerifier verifier = verifier(Duration.ofSeconds(30))) {
      Guard guard = Guard.builder(verifier).requiredScopes("orders.read").build();
      String reader = issuer.token().subject("alice").scopes("orders.read").sign();
      send(guard, "/orders", reader);
      send(guard, "/orders", reader);
      send(guard, "/orders", issuer.token("bob"));
      send(guard, "/orders", issuer.token().expiresIn(Duration.ofMinutes(-5)).sign());
      send(guard, "/orders", issuer.token().issuer("https://evil.example").sign());

      assertThat(count("gatehouse.tokens", "outcome", "accepted", "issuer", issuer.issuer()))
          .isEqualTo(2);
      assertThat(
              count(
                  "gatehouse.tokens",
                  "outcome",
                  "refused",
                  "reason",
                  "insufficient_scope",
                  "issuer",
                  issuer.issuer()))
          .isEqualTo(1);
      assertThat(count("gatehouse.tokens", "reason", "expired", "issuer", "none")).isEqualTo(1);
      assertThat(count("gatehouse.tokens", "reason", "wrong_issuer", "issuer", "none"))
          .isEqualTo(1);
      assertThat(count("gatehouse.cache", "result", "hit")).isEqualTo(1);
      assertThat(count("gatehouse.cache", "result", "miss")).isEqualTo(4);
      assertThat(registry)
          .hasMeterWithNameAndTags(
              "gatehouse.tokens", Tags.of("outcome", "accepted", "issuer", issuer.issuer()))
          .doesNotHaveMeterWithNameAndTags(
              "gatehouse.tokens", Tags.of("issuer", "https://evil.example"));
    }
  }

  @Test
  void keyFetchesAreTimedPerOutcomeAnUnchangedSetAs304() {
    try (TokenVerifier verifier = verifier(Duration.ZERO)) {
      Guard guard = Guard.builder(verifier).build();
      send(guard, "/", issuer.token("alice"));
      // An unknown kid refreshes the keys: the issuer answers the conditional request with 304.
      send(guard, "/", issuer.token().headerKid("unpublished-1").sign());
      issuer.jwks().respondWith(500);
      send(guard, "/", issuer.token().headerKid("unpublished-2").sign());

      for (String outcome : List.of("updated", "not_modified", "failed")) {
        assertThat(
                registry
                    .get("gatehouse.keys.fetch")
                    .tags("issuer", issuer.issuer(), "outcome", outcome)
                    .timer()
                    .count())
            .as(outcome)
            .isEqualTo(1);
      }
    }
  }

  @Test
  void unknownKidsTripTheCooldownAndCreateNoSeries() {
    try (TokenVerifier verifier = verifier(Duration.ofSeconds(30))) {
      Guard guard = Guard.builder(verifier).build();
      send(guard, "/", issuer.token("alice"));
      send(guard, "/", issuer.token().headerKid("kid-0").sign());
      // The first unknown kid refreshes; from the second on, the cooldown holds them back.
      send(guard, "/", issuer.token().headerKid("kid-00").sign());
      List<Meter.Id> before = registry.getMeters().stream().map(Meter::getId).toList();
      for (int i = 1; i <= 50; i++) {
        send(guard, "/p" + i, issuer.token().subject("user-" + i).headerKid("kid-" + i).sign());
      }

      assertThat(count("gatehouse.keys.cooldown", "issuer", issuer.issuer())).isEqualTo(51);
      assertThat(count("gatehouse.tokens", "reason", "unknown_key")).isEqualTo(52);
      assertThat(registry.getMeters().stream().map(Meter::getId).toList())
          .containsExactlyInAnyOrderElementsOf(before);
      assertThat(registry.getMeters().toString()).doesNotContain("kid-", "user-", "/p");
    }
  }

  @Test
  void introspectionCallsAndRevocationsAreCounted() {
    try (TokenVerifier verifier = verifier(Duration.ofSeconds(30))) {
      Guard guard = Guard.builder(verifier).build();
      send(guard, "/", issuer.opaqueToken("olivia"));
      String revoked = issuer.opaqueToken("oscar");
      issuer.revokeOpaque(revoked);
      send(guard, "/", revoked);
      verifier.revocations().revokeSession(issuer.issuer(), "session-1");
      verifier.revocations().revokeToken(issuer.issuer(), "jti-1");

      Tags tags = Tags.of("issuer", issuer.issuer());
      assertThat(
              registry
                  .get("gatehouse.introspection")
                  .tags(tags.and("outcome", "active"))
                  .timer()
                  .count())
          .isEqualTo(1);
      assertThat(
              registry
                  .get("gatehouse.introspection")
                  .tags(tags.and("outcome", "inactive"))
                  .timer()
                  .count())
          .isEqualTo(1);
      assertThat(count("gatehouse.revocations", "kind", "session")).isEqualTo(1);
      assertThat(count("gatehouse.revocations", "kind", "token")).isEqualTo(1);
    }
  }

  @Test
  void watchedVerifiersShowTheirKeyStatusAsGauges() {
    try (TokenVerifier verifier = verifier(Duration.ofSeconds(30))) {
      metrics.watch(verifier);
      assertThat(
              registry.get("gatehouse.keys.ready").tags("issuer", issuer.issuer()).gauge().value())
          .isZero();
      send(Guard.builder(verifier).build(), "/", issuer.token("alice"));

      assertThat(
              registry.get("gatehouse.keys.ready").tags("issuer", issuer.issuer()).gauge().value())
          .isEqualTo(1);
      assertThat(registry.get("gatehouse.keys").tags("issuer", issuer.issuer()).gauge().value())
          .isEqualTo(1);
    }
  }

  @Test
  void theEventListenerSettingRecordsIntoTheGlobalRegistry() {
    SimpleMeterRegistry global = new SimpleMeterRegistry();
    Metrics.addRegistry(global);
    try {
      Guard guard =
          Settings.guard(
              Map.of(
                  "issuer", issuer.issuer(),
                  "jwks-uri", issuer.jwksUri().toString(),
                  "audience", "api",
                  "event-listener", GatehouseMetrics.class.getName()));
      try (TokenVerifier verifier = guard.verifier()) {
        send(guard, "/", issuer.token("alice"));
        assertThat(
                global
                    .get("gatehouse.tokens")
                    .tags("outcome", "accepted", "issuer", issuer.issuer())
                    .counter()
                    .count())
            .isEqualTo(1);
      }
    } finally {
      Metrics.removeRegistry(global);
    }
  }
}
