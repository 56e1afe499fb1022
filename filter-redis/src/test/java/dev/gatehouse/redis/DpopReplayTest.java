package dev.gatehouse.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testkit.DpopProver;
import dev.gatehouse.testkit.MockIssuer;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * DPoP proofs single-use across nodes sharing a real Redis ({@code dpop-replay-uri}), configured by
 * init-params alone: a proof accepted by one node is refused by the other; with Redis gone the
 * nodes refuse DPoP requests (503) unless configured to fail open.
 */
final class DpopReplayTest {
  /** What clients call: both nodes stand behind one name. */
  private static final URI API = URI.create("https://api.example.com/api");

  private RedisProcess redis;
  private MockIssuer issuer;
  private final List<Node> nodes = new ArrayList<>();

  @BeforeEach
  void start() {
    redis = RedisProcess.start();
    issuer = MockIssuer.start();
  }

  @AfterEach
  void stop() {
    nodes.forEach(Node::close);
    issuer.close();
    redis.close();
  }

  private Node node(boolean failOpen) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("issuer", issuer.issuer());
    params.put("jwks-uri", issuer.jwksUri().toString());
    params.put("audience", "api");
    params.put("dpop", "require");
    params.put("dpop-replay-uri", redis.uri().toString());
    params.put("dpop-replay-fail-open", Boolean.toString(failOpen));
    params.put("external-base-uri", "https://api.example.com");
    Node node = Node.configured(params);
    nodes.add(node);
    return node;
  }

  @Test
  void aProofAcceptedByOneNodeIsRefusedByTheOther() {
    Node one = node(false);
    Node two = node(false);
    DpopProver client = DpopProver.es256();
    String token = issuer.token().dpopBound(client.thumbprint()).sign();
    for (int i = 0; i < 20; i++) {
      String proof = client.proof("GET", API, token);
      Node first = i % 2 == 0 ? one : two;
      Node second = first == one ? two : one;
      assertThat(first.dpopStatus(token, proof)).isEqualTo(200);
      assertThat(second.dpopStatus(token, proof)).isEqualTo(401);
      assertThat(first.dpopStatus(token, proof)).isEqualTo(401);
    }
  }

  @Test
  void withRedisGoneDpopRequestsAreRefusedUnlessFailOpen() {
    Node closed = node(false);
    Node open = node(true);
    DpopProver client = DpopProver.es256();
    String token = issuer.token().dpopBound(client.thumbprint()).sign();
    assertThat(closed.dpopStatus(token, client.proof("GET", API, token))).isEqualTo(200);
    redis.kill();
    Instant before = Instant.now();
    assertThat(closed.dpopStatus(token, client.proof("GET", API, token))).isEqualTo(503);
    // Bounded: the store's own timeouts, never a hang.
    assertThat(Duration.between(before, Instant.now())).isLessThan(Duration.ofSeconds(5));
    assertThat(open.dpopStatus(token, client.proof("GET", API, token))).isEqualTo(200);
    redis.restart();
    assertThat(
            Await.nanosUntil(
                Duration.ofSeconds(10),
                () -> closed.dpopStatus(token, client.proof("GET", API, token)) == 200))
        .isNotNegative();
  }
}
