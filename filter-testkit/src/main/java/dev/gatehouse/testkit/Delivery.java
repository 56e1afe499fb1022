package dev.gatehouse.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;

/**
 * What a receiver answered to a delivered logout token or security event token: see {@link
 * MockIssuer#deliverLogout(URI, String)}.
 *
 * @param status the HTTP status
 * @param body the response body as text
 */
public record Delivery(int status, String body) {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  static Delivery post(URI endpoint, String contentType, String body) {
    Objects.requireNonNull(endpoint, "endpoint");
    HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    HttpRequest request =
        HttpRequest.newBuilder(endpoint)
            .timeout(TIMEOUT)
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      return new Delivery(response.statusCode(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("delivery to " + endpoint + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted delivering to " + endpoint, e);
    }
  }
}
