package dev.gatehouse.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * A server's process as every IT here runs it: started on the test's own JDK ({@code JAVA_HOME})
 * without the test JVM's class path or options, its console output in a log file, polled until a
 * URL answers 200, and stopped with everything it started.
 *
 * <p>Not thread-safe: start and stop it from one thread.
 */
final class ServerProcess implements AutoCloseable {
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration POLL_INTERVAL = Duration.ofMillis(200);

  /** Variables that would put something of the test JVM's into the server's. */
  static final List<String> JVM_VARIABLES =
      List.of("CLASSPATH", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS", "JAVA_OPTS");

  private final String name;
  private final Process process;
  private final Path log;
  private final long started;

  private ServerProcess(String name, Process process, Path log, long started) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.started = started;
  }

  /**
   * Starts {@code builder}'s command, its output and errors going to {@code log}, with {@code
   * environment} added and the test JVM's {@code JAVA_HOME}.
   */
  static ServerProcess start(
      String name, ProcessBuilder builder, Path log, Map<String, String> environment)
      throws IOException {
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    Map<String, String> variables = builder.environment();
    JVM_VARIABLES.forEach(variables::remove);
    variables.putAll(environment);
    variables.put("JAVA_HOME", System.getProperty("java.home"));
    long started = System.nanoTime();
    return new ServerProcess(name, builder.start(), log, started);
  }

  /**
   * Returns the time since the start once {@code ready} answers 200; fails (and stops the server)
   * if the process exits, if {@code ready} answers anything else after {@code booted} holds, or at
   * {@code deadline}.
   */
  Duration awaitReady(URI ready, Duration deadline, BooleanSupplier booted)
      throws IOException, InterruptedException {
    try {
      poll(ready, deadline, booted);
    } catch (RuntimeException | IOException | InterruptedException e) {
      close();
      throw e;
    }
    return Duration.ofNanos(System.nanoTime() - started);
  }

  private void poll(URI ready, Duration deadline, BooleanSupplier booted)
      throws IOException, InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest request = HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(10)).build();
    long end = started + deadline.toNanos();
    while (System.nanoTime() < end) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name + " exited with " + process.exitValue() + " before " + ready + "; " + tail());
      }
      // Read before the request: once booted, a deployment that is not up has failed.
      boolean bootedBefore = booted.getAsBoolean();
      try {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return;
        }
        if (bootedBefore) {
          throw new IllegalStateException(
              name
                  + " started but "
                  + ready
                  + " answers "
                  + response.statusCode()
                  + " "
                  + response.body()
                  + "; "
                  + tail());
        }
      } catch (IOException notListeningYet) {
        // Connection refused until the connector is up.
      }
      // Paces the poll, and returns at once if the server dies meanwhile.
      try {
        process.onExit().get(POLL_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException stillRunning) {
        // The usual case: poll again.
      } catch (ExecutionException e) {
        throw new IllegalStateException("waiting for " + name, e);
      }
    }
    throw new IllegalStateException(
        name + " did not answer 200 at " + ready + " within " + deadline + "; " + tail());
  }

  /** The console output so far. */
  String logText() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path log() {
    return log;
  }

  private String tail() {
    String text = logText();
    return "log " + log + " ends:\n" + text.substring(Math.max(0, text.length() - 4000));
  }

  /**
   * Stops the process and everything it started (a script and its JVM): SIGTERM, then forcibly if
   * they do not stop in time.
   */
  @Override
  public void close() {
    List<ProcessHandle> tree =
        Stream.concat(process.descendants(), Stream.of(process.toHandle())).toList();
    tree.forEach(ProcessHandle::destroy);
    if (tree.stream().allMatch(ServerProcess::awaitExit)) {
      return;
    }
    tree.forEach(ProcessHandle::destroyForcibly);
    if (!tree.stream().allMatch(ServerProcess::awaitExit)) {
      throw new IllegalStateException(name + " (pid " + process.pid() + ") did not stop");
    }
  }

  private static boolean awaitExit(ProcessHandle handle) {
    try {
      handle.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException e) {
      throw new IllegalStateException("waiting for a process to stop", e);
    }
  }

  /** A port that is free on 127.0.0.1 now. */
  static int freePort() throws IOException {
    try (ServerSocket socket =
        new ServerSocket(0, 1, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}))) {
      return socket.getLocalPort();
    }
  }
}
