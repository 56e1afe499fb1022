package dev.gatehouse.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

final class EndpointTest {

  private final Http http = new Http();
  private final MockIssuer issuer = MockIssuer.start();

  @AfterEach
  void close() {
    issuer.close();
  }

  @Test
  void respondWithAnswersThatStatusUntilReset() {
    issuer.jwks().respondWith(500);

    HttpResponse<String> failed = http.get(issuer.jwksUri());

    assertThat(failed.statusCode()).isEqualTo(500);
    assertThat(Http.json(failed.body())).containsEntry("error", "injected_fault");
    assertThat(failed.headers().firstValue("etag")).isEmpty();
    assertThat(http.get(issuer.jwksUri()).statusCode()).isEqualTo(500);

    issuer.jwks().reset();

    assertThat(http.get(issuer.jwksUri()).statusCode()).isEqualTo(200);
  }

  @Test
  void hangHoldsRequestsUntilReleasedThenAnswersNormally() throws Exception {
    issuer.jwks().hang();

    assertThatThrownBy(() -> http.get(issuer.jwksUri(), Duration.ofMillis(300)))
        .isInstanceOf(UncheckedIOException.class)
        .hasCauseInstanceOf(HttpTimeoutException.class);

    CompletableFuture<HttpResponse<String>> held = getAsync();
    awaitHits(issuer.jwks(), 2);
    assertThat(held).isNotDone();

    issuer.jwks().release();

    assertThat(held.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    assertThat(held.get().body()).isEqualTo(issuer.jwksJson());
    assertThat(http.get(issuer.jwksUri()).statusCode()).isEqualTo(200);
  }

  @Test
  void aHangingEndpointDoesNotBlockOthers() {
    issuer.jwks().hang();
    CompletableFuture<HttpResponse<String>> held = getAsync();
    awaitHits(issuer.jwks(), 1);

    assertThat(http.get(issuer.openIdConfigurationUri()).statusCode()).isEqualTo(200);
    assertThat(held).isNotDone();
  }

  @Test
  void closeReleasesHungRequests() {
    issuer.jwks().hang();
    CompletableFuture<HttpResponse<String>> held = getAsync();
    awaitHits(issuer.jwks(), 1);

    long start = System.nanoTime();
    issuer.close();

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(held).failsWithin(Duration.ofSeconds(5));
  }

  @Test
  void delayAnswersLate() {
    issuer.jwks().delay(Duration.ofMillis(400)).respondWith(503);

    long start = System.nanoTime();
    HttpResponse<String> response = http.get(issuer.jwksUri());

    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(400));
    assertThat(response.statusCode()).isEqualTo(503);
    assertThatThrownBy(() -> http.get(issuer.jwksUri(), Duration.ofMillis(100)))
        .hasCauseInstanceOf(HttpTimeoutException.class);
  }

  @Test
  void invalidJsonIsServedWithStatus200() {
    issuer.openIdConfiguration().invalidJson();

    HttpResponse<String> response = http.get(issuer.openIdConfigurationUri());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{not json");
    assertThat(http.get(issuer.oauthMetadataUri()).body()).startsWith("{\"issuer\"");
  }

  @Test
  void oversizedPadsTheDocumentToExactlyThatManyBytes() {
    issuer.jwks().oversized(1_000_000);

    HttpResponse<String> response = http.get(issuer.jwksUri());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-length")).hasValue("1000000");
    assertThat(response.body()).hasSize(1_000_000);
    assertThat(Http.json(response.body())).containsKey("keys");
  }

  @Test
  void oversizedSmallerThanTheDocumentIsAnEmptyObject() {
    issuer.jwks().oversized(10);

    assertThat(http.get(issuer.jwksUri()).body()).isEqualTo("{        }");
  }

  @Test
  void matchingIfNoneMatchIsAnswered304UntilTheDocumentChanges() {
    HttpResponse<String> first = http.get(issuer.jwksUri());
    String etag = first.headers().firstValue("etag").orElseThrow();

    HttpResponse<String> again = http.get(issuer.jwksUri(), "If-None-Match", etag);

    assertThat(etag).matches("\"[A-Za-z0-9_-]{43}\"");
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
    assertThat(again.headers().firstValue("etag")).hasValue(etag);

    issuer.rotate();
    HttpResponse<String> changed = http.get(issuer.jwksUri(), "If-None-Match", etag);

    assertThat(changed.statusCode()).isEqualTo(200);
    assertThat(changed.headers().firstValue("etag")).isPresent().get().isNotEqualTo(etag);
  }

  @Test
  void ifModifiedSinceIsHonouredAndLastModifiedMovesWhenTheDocumentChanges() {
    HttpResponse<String> first = http.get(issuer.jwksUri());
    String lastModified = first.headers().firstValue("last-modified").orElseThrow();

    assertThat(http.get(issuer.jwksUri(), "If-Modified-Since", lastModified).statusCode())
        .isEqualTo(304);

    issuer.rotate();
    HttpResponse<String> changed = http.get(issuer.jwksUri(), "If-Modified-Since", lastModified);

    assertThat(changed.statusCode()).isEqualTo(200);
    assertThat(httpDate(changed.headers().firstValue("last-modified").orElseThrow()))
        .isAfter(httpDate(lastModified));
  }

  @Test
  void ifNoneMatchTakesPrecedenceOverIfModifiedSince() {
    String lastModified =
        http.get(issuer.jwksUri()).headers().firstValue("last-modified").orElseThrow();

    HttpResponse<String> response =
        http.get(issuer.jwksUri(), "If-None-Match", "\"other\"", "If-Modified-Since", lastModified);

    assertThat(response.statusCode()).isEqualTo(200);
  }

  @Test
  void ignoreIfNoneMatchAlwaysSendsTheDocument() {
    String etag = http.get(issuer.jwksUri()).headers().firstValue("etag").orElseThrow();
    issuer.jwks().ignoreIfNoneMatch(true);

    HttpResponse<String> response = http.get(issuer.jwksUri(), "If-None-Match", etag);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(issuer.jwksJson());
    assertThat(response.headers().firstValue("etag")).hasValue(etag);
  }

  @Test
  void cacheControlIsSentOnEveryAnswerUntilCleared() {
    assertThat(http.get(issuer.jwksUri()).headers().firstValue("cache-control")).isEmpty();

    issuer.jwks().cacheControl("max-age=60");

    assertThat(http.get(issuer.jwksUri()).headers().firstValue("cache-control"))
        .hasValue("max-age=60");
    issuer.jwks().respondWith(503);
    assertThat(http.get(issuer.jwksUri()).headers().firstValue("cache-control"))
        .hasValue("max-age=60");

    issuer.jwks().cacheControl(null);

    assertThat(http.get(issuer.jwksUri()).headers().firstValue("cache-control")).isEmpty();
  }

  @Test
  void disableAnswers404ForThatEndpointOnly() {
    issuer.openIdConfiguration().disable();

    assertThat(http.get(issuer.openIdConfigurationUri()).statusCode()).isEqualTo(404);
    assertThat(http.get(issuer.oauthMetadataUri()).statusCode()).isEqualTo(200);
    assertThat(issuer.openIdConfiguration().hits()).isEqualTo(1);
  }

  @Test
  void theLastBodyFaultWins() {
    issuer.jwks().respondWith(500).invalidJson();

    assertThat(http.get(issuer.jwksUri()).body()).isEqualTo("{not json");
  }

  @Test
  void resetClearsFaultsAndCounters() {
    http.get(issuer.jwksUri());
    issuer.jwks().respondWith(500).cacheControl("no-store");

    issuer.reset();

    assertThat(issuer.jwks().hits()).isZero();
    assertThat(issuer.jwks().requestHeaders()).isEmpty();
    HttpResponse<String> response = http.get(issuer.jwksUri());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("cache-control")).isEmpty();
    assertThat(issuer.jwks().hits()).isEqualTo(1);
  }

  @Test
  void nonsenseSwitchesAreRejected() {
    Endpoint jwks = issuer.jwks();

    assertThatThrownBy(() -> jwks.respondWith(99))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("status must be between 200 and 599: 99");
    assertThatThrownBy(() -> jwks.respondWith(600)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> jwks.oversized(1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> jwks.delay(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> jwks.delay(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> jwks.cacheControl("a\r\nSet-Cookie: x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private CompletableFuture<HttpResponse<String>> getAsync() {
    return http.client()
        .sendAsync(
            Http.request(issuer.jwksUri(), Http.TIMEOUT), HttpResponse.BodyHandlers.ofString());
  }

  /** Polls until the endpoint has seen {@code hits} requests; bounded by {@link Http#TIMEOUT}. */
  private static void awaitHits(Endpoint endpoint, int hits) {
    long deadline = System.nanoTime() + Http.TIMEOUT.toNanos();
    while (endpoint.hits() < hits) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("expected " + hits + " hits, saw " + endpoint.hits());
      }
      Thread.onSpinWait();
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  private static ZonedDateTime httpDate(String value) {
    return ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
  }
}
