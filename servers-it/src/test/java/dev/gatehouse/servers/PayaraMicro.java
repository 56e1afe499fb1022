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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Payara Micro 6 started as a process of its own ({@code java -jar payara-micro.jar}, on the
 * test's own {@code java}, with none of the test JVM's class path or options) with one exploded WAR
 * deployed, its HTTP listener on 127.0.0.1 and a free port, without Hazelcast; its console output
 * goes to {@code payara-micro.log} in the work directory, its configuration to {@code root}.
 *
 * <p>Not thread-safe: start and stop it from one thread.
 */
final class PayaraMicro implements AutoCloseable {
  private static final Duration STARTUP_DEADLINE = Duration.ofMinutes(4);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration POLL_INTERVAL = Duration.ofMillis(200);

  /** Payara's own figure, from "Payara Micro URLs: ... Payara Micro ... ready in 12,345 (ms)". */
  private static final Pattern READY = Pattern.compile("ready in ([0-9,.]+) \\(ms\\)");

  /** Variables that would put something of the test JVM's into the server's. */
  private static final List<String> JVM_VARIABLES =
      List.of("CLASSPATH", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS");

  private final Process process;
  private final URI base;
  private final Path log;
  private final Duration startup;

  private PayaraMicro(Process process, URI base, Path log, Duration startup) {
    this.process = process;
    this.base = base;
    this.log = log;
    this.startup = startup;
  }

  /**
   * Starts Payara Micro from {@code jar} with {@code war} at {@code /contextRoot}, and returns once
   * {@code readyPath} below it answers 200.
   */
  static PayaraMicro start(Path jar, Path war, Path work, String contextRoot, String readyPath)
      throws IOException, InterruptedException {
    Files.createDirectories(work);
    // --rootdir keeps the configuration, deployments included, across starts: start afresh.
    Path root = work.resolve("root");
    deleteTree(root);
    int port = freePort();
    // Payara Micro has no option for the HTTP listener's address: set it before the boot.
    Path preBoot = work.resolve("pre-boot.asadmin");
    Files.writeString(
        preBoot,
        "set configs.config.server-config.network-config.network-listeners"
            + ".network-listener.http-listener.address=127.0.0.1\n",
        StandardCharsets.UTF_8);
    Path log = work.resolve("payara-micro.log");
    List<String> command =
        List.of(
            javaOfThisJvm(),
            "-jar",
            jar.toString(),
            "--deploy",
            war.toString(),
            "--contextroot",
            contextRoot,
            "--port",
            Integer.toString(port),
            "--prebootcommandfile",
            preBoot.toString(),
            "--rootdir",
            root.toString(),
            // No data grid: nothing listens beyond the HTTP port, and the start is shorter.
            "--nohazelcast",
            "--disablephonehome");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(work.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Map<String, String> environment = builder.environment();
    JVM_VARIABLES.forEach(environment::remove);
    long started = System.nanoTime();
    Process process = builder.start();
    URI base = URI.create("http://127.0.0.1:" + port + "/" + contextRoot + "/");
    PayaraMicro server = new PayaraMicro(process, base, log, Duration.ZERO);
    try {
      server.awaitReady(base.resolve(readyPath.substring(1)));
    } catch (RuntimeException | IOException | InterruptedException e) {
      server.close();
      throw e;
    }
    return new PayaraMicro(process, base, log, Duration.ofNanos(System.nanoTime() - started));
  }

  /** The application's root, ending in a slash. */
  URI base() {
    return base;
  }

  /** From the process's start to the first 200 from the readiness path. */
  Duration startup() {
    return startup;
  }

  /** Payara's own start-up time, from its "ready in" line, if it logged one. */
  Optional<String> reportedStartup() {
    Matcher ready = READY.matcher(logText());
    return ready.find() ? Optional.of(ready.group(1) + " ms") : Optional.empty();
  }

  /** The server's console output so far. */
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

  private void awaitReady(URI ready) throws IOException, InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest request = HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(10)).build();
    long deadline = System.nanoTime() + STARTUP_DEADLINE.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "Payara Micro exited with " + process.exitValue() + " before " + ready + "; " + tail());
      }
      // Payara logs "ready" after its deployments, whether they succeeded or not.
      boolean booted = READY.matcher(logText()).find();
      try {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return;
        }
        if (booted) {
          throw new IllegalStateException(
              "Payara Micro is ready but "
                  + ready
                  + " answers "
                  + response.statusCode()
                  + " "
                  + response.body()
                  + "; "
                  + tail());
        }
      } catch (IOException notListeningYet) {
        // Connection refused until the HTTP listener is up.
      }
      // Paces the poll, and returns at once if the server dies meanwhile.
      try {
        process.onExit().get(POLL_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException stillRunning) {
        // The usual case: poll again.
      } catch (ExecutionException e) {
        throw new IllegalStateException("waiting for Payara Micro", e);
      }
    }
    throw new IllegalStateException(
        "Payara Micro did not answer 200 at "
            + ready
            + " within "
            + STARTUP_DEADLINE
            + "; "
            + tail());
  }

  private String tail() {
    String text = logText();
    return "log " + log + " ends:\n" + text.substring(Math.max(0, text.length() - 4000));
  }

  /** Stops the server and everything it started, forcibly if it does not stop in time. */
  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    if (awaitExit(process.toHandle())) {
      return;
    }
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    if (!awaitExit(process.toHandle())) {
      throw new IllegalStateException("Payara Micro (pid " + process.pid() + ") did not stop");
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
      throw new IllegalStateException("waiting for Payara Micro to stop", e);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(file);
      }
    }
  }

  private static String javaOfThisJvm() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket =
        new ServerSocket(0, 1, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}))) {
      return socket.getLocalPort();
    }
  }
}
