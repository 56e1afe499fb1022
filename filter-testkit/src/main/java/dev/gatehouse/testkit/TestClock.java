package dev.gatehouse.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A settable {@link Clock} for tests, so that expiry, not-before and cache lifetimes can be tested
 * without sleeping.
 *
 * <pre>{@code
 * TestClock clock = TestClock.at(Instant.parse("2030-01-01T00:00:00Z"));
 * try (MockIssuer issuer = MockIssuer.builder().clock(clock).start()) {
 *   String token = issuer.token("alice");       // expires at 00:05:00
 *   clock.advance(Duration.ofMinutes(6));        // now it has expired
 * }
 * }</pre>
 *
 * <p>The zone is UTC. {@link #withZone(ZoneId)} returns a view in another zone that shares this
 * clock's time: moving either moves both.
 *
 * <p>Thread-safe: the time may be read and moved from any thread.
 */
public final class TestClock extends Clock {

  private final AtomicReference<Instant> now;
  private final ZoneId zone;

  private TestClock(AtomicReference<Instant> now, ZoneId zone) {
    this.now = now;
    this.zone = zone;
  }

  /**
   * Returns a clock that stands still at {@code start} until it is moved.
   *
   * @param start the initial instant
   * @return a new clock in UTC
   */
  public static TestClock at(Instant start) {
    Objects.requireNonNull(start, "start");
    return new TestClock(new AtomicReference<>(start), ZoneOffset.UTC);
  }

  /**
   * Returns a clock that stands still at the current system time, truncated to whole seconds (JWT
   * NumericDate values have second precision, RFC 7519 section 2).
   *
   * @return a new clock in UTC
   */
  public static TestClock now() {
    return at(Instant.now().truncatedTo(ChronoUnit.SECONDS));
  }

  /**
   * Moves the clock by {@code amount}; a negative amount moves it back.
   *
   * @param amount how far to move
   */
  public void advance(Duration amount) {
    Objects.requireNonNull(amount, "amount");
    now.updateAndGet(t -> t.plus(amount));
  }

  /**
   * Sets the clock to {@code instant}.
   *
   * @param instant the new time
   */
  public void set(Instant instant) {
    Objects.requireNonNull(instant, "instant");
    now.set(instant);
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    Objects.requireNonNull(zone, "zone");
    return zone.equals(this.zone) ? this : new TestClock(now, zone);
  }

  @Override
  public Instant instant() {
    return Objects.requireNonNull(now.get());
  }

  @Override
  public long millis() {
    return instant().toEpochMilli();
  }

  @Override
  public String toString() {
    return "TestClock[" + instant() + "," + zone + "]";
  }
}
