package dev.gatehouse.jwks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The one HTTP client of the library: GET with a connect timeout, a bound on the whole exchange, a
 * body size limit, conditional requests, and redirects followed only on the same origin.
 *
 * <p>Immutable and thread-safe.
 */
final class HttpFetcher {
  private static final int MAX_REDIRECTS = 3;

  /** A response: status, headers, body (empty for a 304). */
  record Response(int status, HttpHeaders headers, byte[] body) {
    @Nullable String header(String name) {
      return headers.firstValue(name).orElse(null);
    }
  }

  private final HttpClient client;
  private final Duration timeout;
  private final long maxBodyBytes;

  HttpFetcher(Duration timeout, long maxBodyBytes) {
    this.timeout = timeout;
    this.maxBodyBytes = maxBodyBytes;
    // One client per key source, with the JDK's daemon worker threads: when the source is
    // released (a web application undeployed), nothing static keeps the client or its threads.
    this.client = newClient(timeout);
  }

  private static HttpClient newClient(Duration connectTimeout) {
    return HttpClient.newBuilder()
        .connectTimeout(connectTimeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .version(HttpClient.Version.HTTP_1_1)
        .build();
  }

  /** Fetches {@code uri}; a failed future carries an {@link IOException} that says what failed. */
  CompletableFuture<Response> get(URI uri, @Nullable String etag, @Nullable String lastModified) {
    return send(uri, etag, lastModified, 0)
        .toCompletableFuture()
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private CompletionStage<Response> send(
      URI uri, @Nullable String etag, @Nullable String lastModified, int redirects) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .GET()
            .timeout(timeout)
            .header("Accept", "application/json, application/jwk-set+json");
    if (etag != null) {
      request.header("If-None-Match", etag);
    }
    if (lastModified != null) {
      request.header("If-Modified-Since", lastModified);
    }
    return client
        .sendAsync(request.build(), info -> new LimitedBody(maxBodyBytes))
        .thenCompose(
            response -> {
              int status = response.statusCode();
              if (status < 300 || status >= 400 || status == 304) {
                return CompletableFuture.completedFuture(
                    new Response(status, response.headers(), response.body()));
              }
              URI next = redirectTarget(uri, response.headers(), redirects);
              return send(next, etag, lastModified, redirects + 1);
            });
  }

  private static URI redirectTarget(URI from, HttpHeaders headers, int redirects) {
    String location = headers.firstValue("Location").orElse(null);
    if (location == null || redirects >= MAX_REDIRECTS) {
      throw new FetchException("redirect not followed from " + from);
    }
    URI to;
    try {
      to = from.resolve(location.trim());
    } catch (IllegalArgumentException e) {
      throw new FetchException("invalid redirect location from " + from);
    }
    // A redirect must not move the fetch to another host: that host would choose our keys.
    if (!sameOrigin(from, to)) {
      throw new FetchException("redirect to another origin not followed: " + from + " -> " + to);
    }
    return to;
  }

  static boolean sameOrigin(URI a, URI b) {
    return a.getScheme() != null
        && a.getScheme().equalsIgnoreCase(b.getScheme() == null ? "" : b.getScheme())
        && a.getHost() != null
        && a.getHost().equalsIgnoreCase(b.getHost() == null ? "" : b.getHost())
        && a.getPort() == b.getPort();
  }

  /**
   * Whether {@code uri} may be fetched: {@code https}, or {@code http} to a loopback address
   * literal or {@code localhost}.
   */
  static boolean isAllowed(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri.getHost() == null || !uri.isAbsolute()) {
      return false;
    }
    return scheme.equals("https") || (scheme.equals("http") && isLoopback(uri.getHost()));
  }

  static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("localhost")
        || h.startsWith("127.")
        || h.equals("[::1]")
        || h.equals("::1")
        || List.of("[0:0:0:0:0:0:0:1]", "0:0:0:0:0:0:0:1").contains(h);
  }

  /** An unchecked I/O failure raised inside a future chain. */
  static class FetchException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    FetchException(String message) {
      super(message, null, false, false);
    }
  }

  /** Collects a body up to a limit, and fails as soon as the limit is passed. */
  private static final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {
    private final long limit;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private Flow.@Nullable Subscription subscription;

    LimitedBody(long limit) {
      this.limit = limit;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      this.subscription = subscription;
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      if (result.isDone()) {
        return;
      }
      for (ByteBuffer item : items) {
        if (buffer.size() + (long) item.remaining() > limit) {
          result.completeExceptionally(
              new IOException("response body exceeds " + limit + " bytes"));
          if (subscription != null) {
            subscription.cancel();
          }
          return;
        }
        byte[] bytes = new byte[item.remaining()];
        item.get(bytes);
        buffer.writeBytes(bytes);
      }
    }

    @Override
    public void onError(Throwable throwable) {
      result.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
      result.complete(buffer.toByteArray());
    }
  }
}
