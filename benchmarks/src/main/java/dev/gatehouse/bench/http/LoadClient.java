package dev.gatehouse.bench.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A closed-loop HTTP load generator for when wrk is not installed: a fixed number of threads, each
 * sending one request at a time for a fixed time, cycling through bearer tokens from a file. It
 * prints one {@code RESULT} line in the same format as {@code http-load.lua}: requests per second
 * and the 50th and 99th latency percentiles in microseconds, from the sorted latencies of every
 * request.
 *
 * {@snippet lang=sh :
 * java -cp benchmarks.jar dev.gatehouse.bench.http.LoadClient http://127.0.0.1:8080/open/hello tokens.txt 10 16
 * }
 *
 * <p>It costs more CPU per request than wrk, which shares the machine with the server, so its
 * absolute figures are lower; compare ratios from one tool only.
 *
 * <p>Not thread-safe; a command-line tool.
 */
public final class LoadClient {
  private LoadClient() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    if (args.length != 4) {
      System.err.println("usage: LoadClient URL TOKEN-FILE SECONDS CONNECTIONS");
      System.exit(2);
    }
    URI uri = URI.create(args[0]);
    List<String> tokens =
        Files.readAllLines(Path.of(args[1]), StandardCharsets.US_ASCII).stream()
            .filter(t -> !t.isEmpty())
            .toList();
    Duration duration = Duration.ofSeconds(Long.parseLong(args[2]));
    int connections = Integer.parseInt(args[3]);
    if (tokens.isEmpty() || connections < 1 || duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(
          "need tokens, a positive duration and at least one connection");
    }
    HttpRequest[] requests =
        tokens.stream()
            .map(
                t ->
                    HttpRequest.newBuilder(uri)
                        .header("Authorization", "Bearer " + t)
                        .GET()
                        .build())
            .toArray(HttpRequest[]::new);
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    AtomicLong non2xx = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    long[][] latencies = new long[connections][];
    int[] counts = new int[connections];
    long start = System.nanoTime();
    long deadline = start + duration.toNanos();
    Thread[] threads = new Thread[connections];
    for (int t = 0; t < connections; t++) {
      int id = t;
      threads[t] =
          new Thread(
              () -> {
                long[] mine = new long[1 << 16];
                int n = 0;
                int next = id * requests.length / connections;
                while (System.nanoTime() < deadline) {
                  HttpRequest request = requests[next];
                  next = next + 1 == requests.length ? 0 : next + 1;
                  long sent = System.nanoTime();
                  try {
                    HttpResponse<Void> response =
                        client.send(request, HttpResponse.BodyHandlers.discarding());
                    if (response.statusCode() / 100 != 2) {
                      non2xx.incrementAndGet();
                    }
                  } catch (IOException e) {
                    errors.incrementAndGet();
                    continue;
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                  }
                  if (n == mine.length) {
                    mine = Arrays.copyOf(mine, n * 2);
                  }
                  mine[n++] = System.nanoTime() - sent;
                }
                latencies[id] = mine;
                counts[id] = n;
              },
              "load-" + t);
      threads[t].start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    int total = Arrays.stream(counts).sum();
    long[] all = new long[total];
    int at = 0;
    for (int t = 0; t < connections; t++) {
      System.arraycopy(latencies[t], 0, all, at, counts[t]);
      at += counts[t];
    }
    Arrays.sort(all);
    System.out.println(
        String.format(
            Locale.ROOT,
            "RESULT rps=%.1f p50_us=%d p99_us=%d requests=%d non2xx=%d socket_errors=%d",
            total / seconds,
            percentile(all, 50) / 1000,
            percentile(all, 99) / 1000,
            total,
            non2xx.get(),
            errors.get()));
  }

  /** The nearest-rank percentile of sorted values; 0 for none. */
  private static long percentile(long[] sorted, int p) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }
}
