package dev.gatehouse.testkit;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * Fault switches and counters for one endpoint of a {@link MockIssuer}: the JWKS, the OpenID
 * Connect discovery document or the RFC 8414 metadata document.
 *
 * <pre>{@code
 * issuer.jwks().respondWith(503).cacheControl("no-store");
 * // ... exercise the code under test ...
 * assertThat(issuer.jwks().hits()).isEqualTo(1);
 * issuer.jwks().reset();
 * }</pre>
 *
 * <p>The answer's body is chosen by the last of {@link #respondWith(int)}, {@link #invalidJson()},
 * {@link #oversized(int)} and {@link #disable()}; {@link #hang()}, {@link #delay(Duration)}, {@link
 * #cacheControl(String)} and {@link #ignoreIfNoneMatch(boolean)} combine with any of them. A
 * request is held by a hang first, then delayed, then answered as the switches stand at that
 * moment. A normal answer is 200 with the document, an {@code ETag} (RFC 9110 section 8.8.3) and a
 * {@code Last-Modified} that moves forward whenever the document changes; {@code If-None-Match}, or
 * failing that {@code If-Modified-Since}, that still matches is answered 304 with no body (RFC 9110
 * section 13.2.2). Injected faults carry neither validator.
 *
 * <p>Thread-safe: switches may be flipped while requests are in flight; each request sees one
 * consistent set of switches.
 */
public final class Endpoint {

  private final String name;
  private final AtomicReference<Faults> faults = new AtomicReference<>(Faults.NONE);
  private final AtomicInteger hits = new AtomicInteger();
  private final List<Map<String, List<String>>> requestHeaders = new CopyOnWriteArrayList<>();
  private @Nullable String stampedEtag;
  private @Nullable Instant lastModified;

  Endpoint(String name) {
    this.name = name;
  }

  /** Returns the number of requests received since start or the last reset, of any method. */
  public int hits() {
    return hits.get();
  }

  /**
   * Returns the headers of each request received since start or the last reset, oldest first.
   * Header names are lower-cased.
   */
  public List<Map<String, List<String>>> requestHeaders() {
    return List.copyOf(requestHeaders);
  }

  /**
   * Answers every request with {@code status} and a small JSON error body.
   *
   * @param status an HTTP status from 200 to 599, such as 500 or 404
   */
  public Endpoint respondWith(int status) {
    if (status < 200 || status > 599) {
      throw new IllegalArgumentException("status must be between 200 and 599: " + status);
    }
    faults.updateAndGet(f -> f.withBody(Faults.Body.STATUS, status));
    return this;
  }

  /**
   * Holds every request, including ones already received, until {@link #release()}, {@link
   * #reset()} or {@link MockIssuer#close()}: the client sees the connection open and no response.
   */
  public Endpoint hang() {
    faults.updateAndGet(f -> f.hang() != null ? f : f.withHang(new CountDownLatch(1)));
    return this;
  }

  /** Ends a {@link #hang()}: held requests, and later ones, are answered as the switches say. */
  public Endpoint release() {
    open(faults.getAndUpdate(f -> f.withHang(null)));
    return this;
  }

  /**
   * Answers every request only after {@code delay}; {@link Duration#ZERO} answers at once.
   *
   * @param delay a duration that is not negative
   */
  public Endpoint delay(Duration delay) {
    Objects.requireNonNull(delay, "delay");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative: " + delay);
    }
    faults.updateAndGet(f -> f.withDelay(delay));
    return this;
  }

  /** Answers 200 with the body <code>&#123;not json</code>. */
  public Endpoint invalidJson() {
    faults.updateAndGet(f -> f.withBody(Faults.Body.INVALID_JSON, 0));
    return this;
  }

  /**
   * Answers 200 with a body of exactly {@code bytes} bytes: the real document padded with
   * whitespace, which stays valid JSON, or, if the document is longer, {@code {}} padded so.
   *
   * @param bytes the body size, at least 2
   */
  public Endpoint oversized(int bytes) {
    if (bytes < 2) {
      throw new IllegalArgumentException("bytes must be at least 2: " + bytes);
    }
    faults.updateAndGet(f -> f.withBody(Faults.Body.OVERSIZED, bytes));
    return this;
  }

  /**
   * Sends {@code value} as the {@code Cache-Control} header of every answer.
   *
   * @param value a header value such as {@code "max-age=60"}, or null to send none (the default)
   */
  public Endpoint cacheControl(@Nullable String value) {
    if (value != null && (value.isBlank() || value.contains("\n") || value.contains("\r"))) {
      throw new IllegalArgumentException("cacheControl must be a one-line header value: " + value);
    }
    faults.updateAndGet(f -> f.withCacheControl(value));
    return this;
  }

  /**
   * Whether to ignore {@code If-None-Match} and {@code If-Modified-Since} and always send the full
   * document, as some identity providers do. Validators are sent either way. Default false.
   */
  public Endpoint ignoreIfNoneMatch(boolean ignore) {
    faults.updateAndGet(f -> f.withIgnoreConditional(ignore));
    return this;
  }

  /** Answers 404, as an issuer that does not publish this document does. */
  public Endpoint disable() {
    faults.updateAndGet(f -> f.withBody(Faults.Body.DISABLED, 0));
    return this;
  }

  /** Restores normal behaviour, releases hung requests and clears the counters. */
  public Endpoint reset() {
    open(faults.getAndSet(Faults.NONE));
    hits.set(0);
    requestHeaders.clear();
    return this;
  }

  @Override
  public String toString() {
    return "Endpoint[" + name + ", hits=" + hits() + ", " + faults.get() + "]";
  }

  Faults faults() {
    return Objects.requireNonNull(faults.get());
  }

  void received(Map<String, List<String>> headers) {
    requestHeaders.add(headers);
    hits.incrementAndGet();
  }

  /**
   * Returns the Last-Modified time of the document whose ETag is {@code etag}. It is stamped when
   * the document is first seen with that ETag, and always later than the previous stamp, so a
   * changed document never looks unmodified to If-Modified-Since, even on a clock that stands
   * still.
   */
  synchronized Instant lastModified(String etag, Instant now) {
    if (!etag.equals(stampedEtag)) {
      Instant stamp = now.truncatedTo(ChronoUnit.SECONDS);
      if (lastModified != null && !stamp.isAfter(lastModified)) {
        stamp = lastModified.plusSeconds(1);
      }
      lastModified = stamp;
      stampedEtag = etag;
    }
    return Objects.requireNonNull(lastModified);
  }

  private static void open(Faults previous) {
    CountDownLatch gate = previous.hang();
    if (gate != null) {
      gate.countDown();
    }
  }
}
