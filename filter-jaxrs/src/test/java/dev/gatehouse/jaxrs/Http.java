package dev.gatehouse.jaxrs;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A plain JDK client for the servers under test; headers are given as name, value pairs. */
final class Http {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /** What a client sees of an answer: status, the headers that Gatehouse sets, and the body. */
  record Answer(int status, Map<String, List<String>> headers, String body) {
    static final List<String> COMPARED =
        List.of(
            "WWW-Authenticate", "Content-Type", "Cache-Control", "Retry-After", "Content-Length");

    static Answer of(HttpResponse<byte[]> response) {
      Map<String, List<String>> headers = new TreeMap<>();
      for (String name : COMPARED) {
        headers.put(name, response.headers().allValues(name));
      }
      return new Answer(
          response.statusCode(), headers, new String(response.body(), StandardCharsets.UTF_8));
    }

    String header(String name) {
      List<String> values = headers.get(name);
      return values == null || values.isEmpty() ? null : String.join(",", values);
    }
  }

  private Http() {}

  static HttpResponse<String> send(String method, URI uri, String... headers) {
    return send(request(method, uri, headers), HttpResponse.BodyHandlers.ofString());
  }

  static Answer answer(String method, URI uri, String... headers) {
    return Answer.of(send(request(method, uri, headers), HttpResponse.BodyHandlers.ofByteArray()));
  }

  private static HttpRequest request(String method, URI uri, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .method(method, HttpRequest.BodyPublishers.noBody())
            .timeout(Duration.ofSeconds(20));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return request.build();
  }

  private static <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body) {
    try {
      return CLIENT.send(request, body);
    } catch (IOException e) {
      throw new IllegalStateException(request.method() + " " + request.uri(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
