package dev.gatehouse.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.Revocations;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The replica against a real redis-server process: entries travel between nodes, a node that starts
 * late catches up, an outage (Redis killed, restarted empty) loses nothing, and the stream stays
 * bounded.
 */
final class RedisRevocationsTest {
  private static final String ISSUER = "https://idp.example.com";
  private static final Duration WAIT = Duration.ofSeconds(10);

  private RedisProcess redis;

  @BeforeEach
  void start() {
    redis = RedisProcess.start();
  }

  @AfterEach
  void stop() {
    redis.close();
  }

  private static boolean holds(Revocations list, String value) {
    return list.entries().stream().anyMatch(e -> e.value().equals(value));
  }

  @Test
  void aRevocationOnOneNodeReachesTheOthers() {
    Revocations a = Revocations.create();
    Revocations b = Revocations.create();
    try (RedisRevocations ra = RedisRevocations.start(redis.uri(), a);
        RedisRevocations rb = RedisRevocations.start(redis.uri(), b)) {
      a.revokeSession(ISSUER, "s-1");
      Await.until("b holds s-1", WAIT, () -> holds(b, "s-1"));
      b.revokeSubject(ISSUER, "mallory", Instant.now());
      Await.until("a holds mallory", WAIT, () -> holds(a, "mallory"));
      assertThat(b.entries()).hasSize(2);
      Revocations.Entry onA =
          a.entries().stream().filter(e -> e.value().equals("mallory")).findFirst().orElseThrow();
      Revocations.Entry onB =
          b.entries().stream().filter(e -> e.value().equals("mallory")).findFirst().orElseThrow();
      assertThat(onA).isEqualTo(onB);
      assertThat(ra.status().connected()).isTrue();
      assertThat(ra.status().syncedAt()).isNotNull();
      assertThat(rb.status().applied()).isGreaterThanOrEqualTo(2);
    }
  }

  @Test
  void aNodeThatStartsLaterCatchesUpOnEverything() {
    Revocations a = Revocations.create();
    try (RedisRevocations ra = RedisRevocations.start(redis.uri(), a)) {
      for (int i = 0; i < 2500; i++) {
        a.revokeToken(ISSUER, "jti-" + i);
      }
      Await.until("all appended", WAIT, () -> ra.status().pending() == 0);
      Revocations late = Revocations.create();
      try (RedisRevocations rl = RedisRevocations.start(redis.uri(), late)) {
        Await.until("late node caught up", WAIT, () -> late.count() == 2500);
      }
    }
  }

  @Test
  void anOutageLosesNothingEvenWhenRedisComesBackEmpty() {
    Revocations a = Revocations.create();
    Revocations b = Revocations.create();
    try (RedisRevocations ra = RedisRevocations.start(redis.uri(), a);
        RedisRevocations rb = RedisRevocations.start(redis.uri(), b)) {
      a.revokeSession(ISSUER, "before");
      Await.until("b holds before", WAIT, () -> holds(b, "before"));

      redis.kill();
      Await.until("a sees the outage", WAIT, () -> !ra.status().connected());
      a.revokeSession(ISSUER, "during");
      // Enforced locally at once, queued for the stream.
      assertThat(holds(a, "during")).isTrue();
      Await.until("queued", WAIT, () -> ra.status().pending() >= 1);
      assertThat(holds(b, "during")).isFalse();

      redis.restart();
      Await.until("b holds during", WAIT, () -> holds(b, "during"));
      Await.until("a reconnected", WAIT, () -> ra.status().connected());
      Await.until("flushed", WAIT, () -> ra.status().pending() == 0);

      // The restarted Redis was empty: the nodes appended what they held, so a new node gets all.
      Revocations c = Revocations.create();
      try (RedisRevocations rc = RedisRevocations.start(redis.uri(), c)) {
        Await.until("c caught up", WAIT, () -> holds(c, "before") && holds(c, "during"));
      }
    }
  }

  @Test
  void theStreamIsTrimmedToWhatCanStillBeInForce() {
    // An entry appended three days ago (by its stream id) is dropped by the next append.
    long old = Instant.now().minus(Duration.ofDays(3)).toEpochMilli();
    assertThat(
            redis.command(
                "XADD", RedisRevocations.STREAM, old + "-0", "k", "TOKEN", "i", ISSUER, "v", "x"))
        .startsWith("$");
    assertThat(redis.command("XLEN", RedisRevocations.STREAM)).isEqualTo(":1");
    Revocations a = Revocations.create();
    try (RedisRevocations ra = RedisRevocations.start(redis.uri(), a)) {
      a.revokeToken(ISSUER, "fresh");
      Await.until("appended", WAIT, () -> ra.status().pending() == 0);
      Await.until(
          "trimmed", WAIT, () -> redis.command("XLEN", RedisRevocations.STREAM).equals(":1"));
      // The malformed old entry was ignored, not applied.
      assertThat(a.entries())
          .singleElement()
          .satisfies(e -> assertThat(e.value()).isEqualTo("fresh"));
    }
  }

  @Test
  void entriesThatAreNotRevocationsAreIgnored() {
    assertThat(redis.command("XADD", RedisRevocations.STREAM, "*", "hello", "world"))
        .startsWith("$");
    assertThat(
            redis.command(
                "XADD",
                RedisRevocations.STREAM,
                "*",
                "k",
                "NOPE",
                "i",
                ISSUER,
                "v",
                "x",
                "n",
                "1",
                "e",
                "2"))
        .startsWith("$");
    Revocations a = Revocations.create();
    try (RedisRevocations ra = RedisRevocations.start(redis.uri(), a)) {
      a.revokeToken(ISSUER, "real");
      Await.until("read back", WAIT, () -> ra.status().applied() >= 1);
      assertThat(a.entries())
          .singleElement()
          .satisfies(e -> assertThat(e.value()).isEqualTo("real"));
    }
  }

  @Test
  void aPasswordInTheUriIsNeverShownAndBadUrisAreRefusedWithoutEchoingThem() {
    Revocations a = Revocations.create();
    URI withPassword = URI.create("redis://admin:s3cret-pw@127.0.0.1:" + redis.port() + "/2");
    try (RedisRevocations ra = RedisRevocations.start(withPassword, a)) {
      assertThat(ra.toString()).doesNotContain("s3cret").doesNotContain("admin");
      assertThat(ra.status().location()).isEqualTo("redis://127.0.0.1:" + redis.port() + "/2");
      // The server has no password: the replica keeps retrying and says so, without the secret.
      assertThat(ra.status().connected()).isFalse();
    }
    for (String bad :
        new String[] {
          "http://user:s3cret-pw@127.0.0.1:1",
          "redis://user:s3cret-pw@127.0.0.1:1/db",
          "redis://user:s3cret-pw@127.0.0.1:1/0?x=s3cret-pw",
          "redis:///0"
        }) {
      assertThatThrownBy(() -> RedisRevocations.start(URI.create(bad), a))
          .isInstanceOf(IllegalArgumentException.class)
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));
    }
  }

  @Test
  void closeStopsBothThreads() {
    Revocations a = Revocations.create();
    RedisRevocations ra = RedisRevocations.start(redis.uri(), a);
    Await.until("connected", WAIT, () -> ra.status().connected());
    ra.close();
    assertThat(
            Thread.getAllStackTraces().keySet().stream()
                .map(Thread::getName)
                .filter(n -> n.startsWith("gatehouse-redis")))
        .isEmpty();
    a.revokeToken(ISSUER, "after-close");
    assertThat(ra.status().pending()).isZero();
  }
}
