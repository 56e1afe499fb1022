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
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * An Open Liberty server started as a process of its own ({@code bin/server run}, in the
 * foreground, on the test's own JDK and none of the test JVM's class path or options) with one
 * exploded WAR deployed, its HTTP endpoint on 127.0.0.1 and a free port, no HTTPS. The runtime is
 * the unpacked distribution, left untouched: the server's configuration and logs live in the work
 * directory ({@code WLP_USER_DIR}), its console output in {@code console.log} there.
 *
 * <p>Not thread-safe: start and stop it from one thread.
 */
final class OpenLiberty implements AutoCloseable {
  private static final String SERVER_NAME = "gatehouse";
  private static final Duration STARTUP_DEADLINE = Duration.ofMinutes(4);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration POLL_INTERVAL = Duration.ofMillis(200);

  /** "CWWKF0011I: The gatehouse server is ready ... The gatehouse server started in 12.3 s". */
  private static final Pattern READY = Pattern.compile("CWWKF0011I.*?([0-9.,]+) seconds");

  /** Variables that would put something of the test JVM's, or another Liberty's, into this one. */
  private static final List<String> JVM_VARIABLES =
      List.of(
          "CLASSPATH",
          "JAVA_TOOL_OPTIONS",
          "JDK_JAVA_OPTIONS",
          "_JAVA_OPTIONS",
          "JVM_ARGS",
          "WLP_OUTPUT_DIR",
          "WLP_USER_DIR");

  private final Process process;
  private final URI base;
  private final Path console;
  private final Path logs;
  private final Duration startup;

  private OpenLiberty(Process process, URI base, Path console, Path logs, Duration startup) {
    this.process = process;
    this.base = base;
    this.console = console;
    this.logs = logs;
    this.startup = startup;
  }

  /**
   * Starts the Open Liberty installed in {@code wlp} with {@code features} and {@code war} at
   * {@code /contextRoot}, and returns once {@code readyPath} below it answers 200.
   */
  static OpenLiberty start(
      Path wlp, List<String> features, Path war, Path work, String contextRoot, String readyPath)
      throws IOException, InterruptedException {
    Path script = wlp.resolve("bin/server");
    if (!Files.isRegularFile(script)) {
      throw new IllegalStateException("no Open Liberty at " + wlp + ": " + script + " is missing");
    }
    // The user directory holds the server's configuration, work area and logs: start afresh.
    Path user = work.resolve("usr");
    deleteTree(user);
    Path server = Files.createDirectories(user.resolve("servers").resolve(SERVER_NAME));
    int port = freePort();
    Files.writeString(
        server.resolve("server.xml"),
        serverXml(features, port, war, contextRoot),
        StandardCharsets.UTF_8);
    Path console = work.resolve("console.log");
    ProcessBuilder builder =
        new ProcessBuilder("/bin/sh", script.toString(), "run", SERVER_NAME)
            .directory(work.toFile())
            .redirectErrorStream(true)
            .redirectOutput(console.toFile());
    Map<String, String> environment = builder.environment();
    JVM_VARIABLES.forEach(environment::remove);
    environment.put("JAVA_HOME", System.getProperty("java.home"));
    environment.put("WLP_USER_DIR", user.toString());
    long started = System.nanoTime();
    Process process = builder.start();
    URI base = URI.create("http://127.0.0.1:" + port + "/" + contextRoot + "/");
    Path logs = server.resolve("logs");
    OpenLiberty liberty = new OpenLiberty(process, base, console, logs, Duration.ZERO);
    try {
      liberty.awaitReady(base.resolve(readyPath.substring(1)));
    } catch (RuntimeException | IOException | InterruptedException e) {
      liberty.close();
      throw e;
    }
    return new OpenLiberty(
        process, base, console, logs, Duration.ofNanos(System.nanoTime() - started));
  }

  private static String serverXml(List<String> features, int port, Path war, String contextRoot) {
    String featureElements =
        features.stream()
            .map(feature -> "    <feature>" + feature + "</feature>\n")
            .collect(Collectors.joining());
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + "<server description=\"Gatehouse\">\n"
        + "  <featureManager>\n"
        + featureElements
        + "  </featureManager>\n"
        + "  <httpEndpoint id=\"defaultHttpEndpoint\" host=\"127.0.0.1\" httpPort=\""
        + port
        + "\" httpsPort=\"-1\"/>\n"
        // Only the application below: no dropins, no polling of the configuration or the WAR.
        + "  <applicationMonitor dropinsEnabled=\"false\" updateTrigger=\"disabled\"/>\n"
        + "  <config updateTrigger=\"disabled\"/>\n"
        // Jakarta REST brings CDI, which would make a bean, and so a proxy, of every class in a
        // WAR without beans.xml; Weld cannot proxy the WAR's final Application and resources.
        + "  <cdi enableImplicitBeanArchives=\"false\"/>\n"
        + "  <webApplication id=\"gatehouse\" location=\""
        + war
        + "\" contextRoot=\""
        + contextRoot
        + "\"/>\n"
        + "</server>\n";
  }

  /** The application's root, ending in a slash. */
  URI base() {
    return base;
  }

  /** From the process's start to the first 200 from the readiness path. */
  Duration startup() {
    return startup;
  }

  /** Liberty's own start-up time, from its CWWKF0011I line, if it logged one. */
  Optional<String> reportedStartup() {
    Matcher ready = READY.matcher(logText());
    return ready.find() ? Optional.of(ready.group(1) + " s") : Optional.empty();
  }

  /** The server's console output so far. */
  String logText() {
    try {
      return Files.readString(console, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The server's console output, and its {@code messages.log} and FFDC files beside. */
  Path log() {
    return console;
  }

  /** Liberty's log directory: {@code messages.log}, and {@code ffdc/} for failures. */
  Path logs() {
    return logs;
  }

  private void awaitReady(URI ready) throws IOException, InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest request = HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(10)).build();
    long deadline = System.nanoTime() + STARTUP_DEADLINE.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "Open Liberty exited with " + process.exitValue() + " before " + ready + "; " + tail());
      }
      // Liberty logs "ready" after starting its applications, whether they started or not.
      boolean booted = READY.matcher(logText()).find();
      try {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return;
        }
        if (booted) {
          throw new IllegalStateException(
              "Open Liberty is ready but "
                  + ready
                  + " answers "
                  + response.statusCode()
                  + " "
                  + response.body()
                  + "; "
                  + tail());
        }
      } catch (IOException notListeningYet) {
        // Connection refused until the HTTP endpoint is up.
      }
      // Paces the poll, and returns at once if the server dies meanwhile.
      try {
        process.onExit().get(POLL_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException stillRunning) {
        // The usual case: poll again.
      } catch (ExecutionException e) {
        throw new IllegalStateException("waiting for Open Liberty", e);
      }
    }
    throw new IllegalStateException(
        "Open Liberty did not answer 200 at "
            + ready
            + " within "
            + STARTUP_DEADLINE
            + "; "
            + tail());
  }

  private String tail() {
    String text = logText();
    return "log " + console + " ends:\n" + text.substring(Math.max(0, text.length() - 4000));
  }

  /**
   * Stops the server and everything it started (the script and its JVM), forcibly if it does not
   * stop in time.
   */
  @Override
  public void close() {
    List<ProcessHandle> tree =
        Stream.concat(process.descendants(), Stream.of(process.toHandle())).toList();
    tree.forEach(ProcessHandle::destroy);
    if (tree.stream().allMatch(OpenLiberty::awaitExit)) {
      return;
    }
    tree.forEach(ProcessHandle::destroyForcibly);
    if (!tree.stream().allMatch(OpenLiberty::awaitExit)) {
      throw new IllegalStateException("Open Liberty (pid " + process.pid() + ") did not stop");
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
      throw new IllegalStateException("waiting for Open Liberty to stop", e);
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

  private static int freePort() throws IOException {
    try (ServerSocket socket =
        new ServerSocket(0, 1, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}))) {
      return socket.getLocalPort();
    }
  }
}
