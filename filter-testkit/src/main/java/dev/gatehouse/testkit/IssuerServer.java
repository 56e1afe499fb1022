package dev.gatehouse.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP side of a {@link MockIssuer}: a JDK {@link HttpServer} on 127.0.0.1 that routes exact
 * paths to endpoints, counts hits, and applies hangs and delays before {@link Responder} answers.
 * Each request runs on its own daemon thread, so a hanging endpoint never blocks another and never
 * keeps the JVM alive.
 */
final class IssuerServer implements AutoCloseable {

  private static final AtomicInteger SERVERS = new AtomicInteger();

  private record Route(
      Endpoint endpoint, Supplier<String> document, Responder.@Nullable PostHandler post) {}

  private final HttpServer server;
  private final ExecutorService executor;
  private final Responder responder;
  private final Map<String, Route> routes = new ConcurrentHashMap<>();
  private final CountDownLatch closed = new CountDownLatch(1);

  /** A server on {@code port} of 127.0.0.1, 0 for a free one; {@link #start()} starts it. */
  IssuerServer(Clock clock, int port) {
    int id = SERVERS.incrementAndGet();
    AtomicInteger threads = new AtomicInteger();
    this.executor =
        Executors.newCachedThreadPool(
            task -> {
              Thread thread =
                  new Thread(task, "mock-issuer-" + id + "-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    this.responder = new Responder(clock);
    try {
      // 127.0.0.1 itself, not "the" loopback address, which may be ::1 on IPv6-preferring JVMs.
      InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
      this.server = HttpServer.create(new InetSocketAddress(loopback, port), 0);
    } catch (IOException e) {
      executor.shutdown();
      throw new UncheckedIOException(
          "cannot bind a server to 127.0.0.1:" + port + " (" + e.getMessage() + ")", e);
    }
    server.setExecutor(executor);
    server.createContext("/", this::handle);
  }

  int port() {
    return server.getAddress().getPort();
  }

  void route(String path, Endpoint endpoint, Supplier<String> document) {
    routes.put(path, new Route(endpoint, document, null));
  }

  /** A route that takes POST requests and answers what {@code handler} computes from each. */
  void post(String path, Endpoint endpoint, Responder.PostHandler handler) {
    routes.put(path, new Route(endpoint, () -> "{}", handler));
  }

  void start() {
    // The JDK's dispatcher thread inherits daemon status from the thread that starts the server:
    // start it from a daemon thread so a test that forgets close() still lets the JVM exit.
    Thread starter = new Thread(server::start, "mock-issuer-start");
    starter.setDaemon(true);
    starter.start();
    try {
      starter.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the mock issuer", e);
    }
  }

  @Override
  public void close() {
    if (closed.getCount() == 0) {
      return;
    }
    closed.countDown();
    routes.values().forEach(route -> route.endpoint().release());
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) {
    try (exchange) {
      Route route = routes.get(exchange.getRequestURI().getRawPath());
      if (route == null) {
        responder.notFound(exchange);
        return;
      }
      route.endpoint().received(lowerCased(exchange.getRequestHeaders()));
      @Nullable Faults faults = await(route.endpoint());
      if (faults != null && route.post() != null) {
        responder.respondPost(exchange, faults, route.post());
      } else if (faults != null) {
        responder.respond(exchange, route.endpoint(), faults, route.document());
      }
    } catch (IOException e) {
      // The client hung up (a timeout, or a size limit it enforces): no one is left to answer.
    }
  }

  /** Waits out any hang and delay; returns the switches to answer by, or null once closed. */
  private @Nullable Faults await(Endpoint endpoint) {
    try {
      Faults faults = endpoint.faults();
      for (CountDownLatch gate = faults.hang(); gate != null; gate = faults.hang()) {
        gate.await();
        if (closed.getCount() == 0) {
          return null;
        }
        faults = endpoint.faults();
      }
      Duration delay = faults.delay();
      if (!delay.isZero() && closed.await(delay.toNanos(), TimeUnit.NANOSECONDS)) {
        return null;
      }
      return closed.getCount() == 0 ? null : endpoint.faults();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static Map<String, List<String>> lowerCased(Map<String, List<String>> headers) {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    headers.forEach(
        (name, values) ->
            copy.merge(name.toLowerCase(Locale.ROOT), List.copyOf(values), IssuerServer::concat));
    return Collections.unmodifiableMap(copy);
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return Stream.concat(a.stream(), b.stream()).toList();
  }
}
