package dev.gatehouse.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

final class TestClockTest {

  private static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

  @Test
  void standsStillUntilMoved() {
    TestClock clock = TestClock.at(START);

    assertThat(clock.instant()).isEqualTo(START);
    assertThat(clock.millis()).isEqualTo(START.toEpochMilli());
    assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
  }

  @Test
  void advanceMovesForwardAndBack() {
    TestClock clock = TestClock.at(START);

    clock.advance(Duration.ofMinutes(5));
    assertThat(clock.instant()).isEqualTo(START.plusSeconds(300));

    clock.advance(Duration.ofSeconds(-60));
    assertThat(clock.instant()).isEqualTo(START.plusSeconds(240));
  }

  @Test
  void setJumpsToAnInstant() {
    TestClock clock = TestClock.at(START);

    clock.set(START.minusSeconds(1));

    assertThat(clock.instant()).isEqualTo(START.minusSeconds(1));
  }

  @Test
  void nowStartsAtTheCurrentWholeSecond() {
    Instant before = Instant.now().minusSeconds(1);

    TestClock clock = TestClock.now();

    assertThat(clock.instant().getNano()).isZero();
    assertThat(clock.instant()).isAfter(before).isBeforeOrEqualTo(Instant.now());
  }

  @Test
  void withZoneSharesTheTime() {
    TestClock clock = TestClock.at(START);
    Clock paris = clock.withZone(ZoneId.of("Europe/Paris"));

    clock.advance(Duration.ofSeconds(7));

    assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
    assertThat(paris.instant()).isEqualTo(START.plusSeconds(7));
    assertThat(clock.withZone(ZoneOffset.UTC)).isSameAs(clock);
  }
}
