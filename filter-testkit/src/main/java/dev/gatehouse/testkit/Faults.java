package dev.gatehouse.testkit;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;

/**
 * The fault switches of one {@link Endpoint} at one moment. Immutable: an endpoint swaps the whole
 * value, so a request always sees a consistent set of switches.
 *
 * @param body what the answer carries
 * @param size the status for {@link Body#STATUS}, the byte count for {@link Body#OVERSIZED}
 * @param hang while non-null, requests wait until this latch is opened
 * @param delay how long to wait before answering
 * @param cacheControl the Cache-Control header value, or null for none
 * @param ignoreConditional whether If-None-Match and If-Modified-Since are ignored
 */
record Faults(
    Body body,
    int size,
    @Nullable CountDownLatch hang,
    Duration delay,
    @Nullable String cacheControl,
    boolean ignoreConditional) {

  /** What a request is answered with, after any hang and delay. */
  enum Body {
    DOCUMENT,
    STATUS,
    INVALID_JSON,
    OVERSIZED,
    DISABLED
  }

  static final Faults NONE = new Faults(Body.DOCUMENT, 0, null, Duration.ZERO, null, false);

  Faults withBody(Body newBody, int newSize) {
    return new Faults(newBody, newSize, hang, delay, cacheControl, ignoreConditional);
  }

  Faults withHang(@Nullable CountDownLatch newHang) {
    return new Faults(body, size, newHang, delay, cacheControl, ignoreConditional);
  }

  Faults withDelay(Duration newDelay) {
    return new Faults(body, size, hang, newDelay, cacheControl, ignoreConditional);
  }

  Faults withCacheControl(@Nullable String newCacheControl) {
    return new Faults(body, size, hang, delay, newCacheControl, ignoreConditional);
  }

  Faults withIgnoreConditional(boolean newIgnoreConditional) {
    return new Faults(body, size, hang, delay, cacheControl, newIgnoreConditional);
  }
}
