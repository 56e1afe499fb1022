package dev.gatehouse.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jose4j.json.JsonUtil;
import org.jose4j.lang.JoseException;

/** A JDK HTTP client with every wait bounded, for talking to a {@link MockIssuer}. */
final class Http {

  static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();

  HttpResponse<String> get(URI uri, String... headers) {
    return get(uri, TIMEOUT, headers);
  }

  HttpResponse<String> get(URI uri, Duration timeout, String... headers) {
    try {
      return client.send(request(uri, timeout, headers), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * POSTs {@code form} as application/x-www-form-urlencoded, with extra header name-value pairs.
   */
  HttpResponse<String> post(URI uri, String form, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(TIMEOUT)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form));
    if (headers.length > 0) {
      request.headers(headers);
    }
    try {
      return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  HttpClient client() {
    return client;
  }

  static HttpRequest request(URI uri, Duration timeout, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).GET();
    if (headers.length > 0) {
      request.headers(headers);
    }
    return request.build();
  }

  /** Returns the members of each key in a JWKS document. */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> keys(String jwks) {
    return (List<Map<String, Object>>) json(jwks).get("keys");
  }

  static Map<String, Object> json(String body) {
    try {
      return JsonUtil.parseJson(body);
    } catch (JoseException e) {
      throw new IllegalArgumentException("not JSON: " + body, e);
    }
  }
}
