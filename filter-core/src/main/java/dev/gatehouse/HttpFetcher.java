package dev.gatehouse;

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
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
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
  // Package-private and never compared: the body is handed on as read, without a copy.
  @SuppressWarnings("ArrayRecordComponent")
  record Response(int status, HttpHeaders headers, byte[] body) {
    @Nullable String header(String name) {
      return headers.firstValue(name).orElse(null);
    }
  }

  private static final AtomicInteger THREADS = new AtomicInteger();

  /** Null once closed: see {@link #close()}. */
  private volatile @Nullable HttpClient client;

  private final ExecutorService executor;

  /**
   * Ends exchanges that pass the timeout. Our own, not {@code CompletableFuture.orTimeout}: that
   * starts a JVM-wide thread that would keep the context class loader of whichever web application
   * first used it.
   */
  private final ScheduledExecutorService timer;

  private final Duration timeout;
  private final long maxBodyBytes;

  HttpFetcher(Duration timeout, long maxBodyBytes) {
    this.timeout = timeout;
    this.maxBodyBytes = maxBodyBytes;
    // One client per key source, on daemon threads of our own that hold no web application's
    // class loader: when the source is released (an application undeployed), close() ends them.
    this.executor = Executors.newCachedThreadPool(HttpFetcher::thread);
    ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, HttpFetcher::thread);
    scheduler.setRemoveOnCancelPolicy(true);
    scheduler.setKeepAliveTime(10, TimeUnit.SECONDS);
    scheduler.allowCoreThreadTimeOut(true);
    this.timer = scheduler;
    this.client = newClient(timeout, executor);
  }

  private static Thread thread(Runnable task) {
    Thread thread = new Thread(null, task, "gatehouse-jwks-" + THREADS.incrementAndGet(), 0, false);
    thread.setDaemon(true);
    thread.setContextClassLoader(null);
    return thread;
  }

  private static HttpClient newClient(Duration connectTimeout, ExecutorService executor) {
    // The client's selector thread inherits the creating thread's context class loader: none.
    Thread current = Thread.currentThread();
    ClassLoader loader = current.getContextClassLoader();
    current.setContextClassLoader(null);
    try {
      return HttpClient.newBuilder()
          .connectTimeout(connectTimeout)
          .followRedirects(HttpClient.Redirect.NEVER)
          .version(HttpClient.Version.HTTP_1_1)
          .executor(executor)
          .build();
    } finally {
      current.setContextClassLoader(loader);
    }
  }

  /**
   * Ends the client's threads: the executor at once, and the client itself where the JDK can (21
   * and later, {@code HttpClient.shutdownNow}); on 17 its selector thread ends once the client is
   * unreachable. That thread holds the web application's protection domain (it was created from its
   * code), and a pooled keep-alive connection holds this fetcher for up to 20 minutes: the fetcher
   * lets go of the client here, so that the thread ends within seconds of undeploy and the
   * application's class loader can be collected.
   */
  void close() {
    timer.shutdownNow();
    executor.shutdownNow();
    HttpClient current = client;
    client = null;
    if (current == null) {
      return;
    }
    try {
      HttpClient.class.getMethod("shutdownNow").invoke(current);
    } catch (ReflectiveOperationException | RuntimeException e) {
      // JDK 17: no shutdown; the selector thread ends once the client is collected.
    }
  }

  /**
   * Fetches {@code uri}; a failed future carries an {@link IOException} that says what failed. On
   * timeout the exchange is cancelled and its connection closed, so a trickling peer holds nothing.
   */
  CompletableFuture<Response> get(URI uri, @Nullable String etag, @Nullable String lastModified) {
    return bounded(exchange -> send(uri, etag, lastModified, 0, exchange));
  }

  /**
   * POSTs {@code form} ({@code application/x-www-form-urlencoded}) to {@code uri} with {@code
   * headers}, under the same bounds as {@link #get}; a redirect is a failure.
   */
  CompletableFuture<Response> post(URI uri, Map<String, String> headers, String form) {
    return bounded(
        exchange -> {
          HttpRequest.Builder request =
              HttpRequest.newBuilder(uri)
                  .POST(HttpRequest.BodyPublishers.ofString(form))
                  .timeout(timeout)
                  .header("Accept", "application/json")
                  .header("Content-Type", "application/x-www-form-urlencoded");
          headers.forEach(request::header);
          return exchange(request.build(), exchange)
              .thenApply(
                  response -> {
                    if (response.status() >= 300 && response.status() < 400) {
                      throw new FetchException("redirect not followed from " + uri);
                    }
                    return response;
                  });
        });
  }

  /** Runs one exchange under the whole-fetch deadline, cancelling it on timeout. */
  private CompletableFuture<Response> bounded(
      java.util.function.Function<Exchange, CompletionStage<Response>> start) {
    Exchange exchange = new Exchange();
    CompletableFuture<Response> result = new CompletableFuture<>();
    ScheduledFuture<?> deadline;
    try {
      deadline =
          timer.schedule(
              () -> result.completeExceptionally(new TimeoutException("timed out")),
              timeout.toMillis(),
              TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException closed) {
      return CompletableFuture.failedFuture(new IOException("fetcher closed"));
    }
    CompletionStage<Response> started;
    try {
      started = start.apply(exchange);
    } catch (RuntimeException e) {
      deadline.cancel(false);
      return CompletableFuture.failedFuture(e);
    }
    started.whenComplete(
        (response, error) -> {
          deadline.cancel(false);
          if (error != null) {
            result.completeExceptionally(error);
          } else {
            result.complete(response);
          }
        });
    CompletableFuture<?> unused =
        result.whenComplete(
            (response, error) -> {
              if (error != null) {
                exchange.abort();
              }
            });
    return result;
  }

  /** The request and body in flight for one fetch, across redirects, so a timeout can end them. */
  private static final class Exchange {
    private volatile @Nullable CompletableFuture<?> inFlight;
    private volatile @Nullable LimitedBody body;

    void abort() {
      CompletableFuture<?> request = inFlight;
      if (request != null) {
        request.cancel(true);
      }
      LimitedBody current = body;
      if (current != null) {
        current.abort();
      }
    }
  }

  private CompletionStage<Response> send(
      URI uri,
      @Nullable String etag,
      @Nullable String lastModified,
      int redirects,
      Exchange exchange) {
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
    return exchange(request.build(), exchange)
        .thenCompose(
            response -> {
              int status = response.status();
              if (status < 300 || status >= 400 || status == 304) {
                return CompletableFuture.completedFuture(response);
              }
              URI next = redirectTarget(uri, response.headers(), redirects);
              return send(next, etag, lastModified, redirects + 1, exchange);
            });
  }

  /** Sends {@code request}, its body bounded, recording what to cancel in {@code exchange}. */
  private CompletableFuture<Response> exchange(HttpRequest request, Exchange exchange) {
    HttpClient current = client;
    if (current == null) {
      return CompletableFuture.failedFuture(new IOException("the fetcher was closed"));
    }
    CompletableFuture<HttpResponse<byte[]>> sent =
        current.sendAsync(
            request,
            info -> {
              LimitedBody body = new LimitedBody(maxBodyBytes);
              exchange.body = body;
              return body;
            });
    exchange.inFlight = sent;
    return sent.thenApply(
        response -> new Response(response.statusCode(), response.headers(), response.body()));
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
    private volatile Flow.@Nullable Subscription subscription;

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
      if (result.isDone()) {
        // Aborted before the body began.
        subscription.cancel();
        return;
      }
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

    /** Ends the body on a timeout: cancelling the subscription closes the connection. */
    void abort() {
      result.completeExceptionally(new IOException("fetch cancelled"));
      Flow.Subscription current = subscription;
      if (current != null) {
        current.cancel();
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
