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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A WildFly started as a process of its own ({@code bin/standalone.sh} of an unpacked distribution,
 * on the test's own {@code java} through {@code JAVA_HOME}) with one exploded WAR deployed by the
 * deployment scanner, every socket on 127.0.0.1 and shifted by a port offset that leaves them all
 * free. Its server base directory is a fresh copy of the distribution's {@code standalone} in the
 * work directory, so its log ({@code standalone/log/server.log}), deployments and data stay there;
 * its console output goes to {@code wildfly.log}.
 *
 * <p>Not thread-safe: start and stop it from one thread.
 */
final class WildFly implements AutoCloseable {
  private static final Duration STARTUP_DEADLINE = Duration.ofMinutes(4);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration POLL_INTERVAL = Duration.ofMillis(200);
  private static final int OFFSET_ATTEMPTS = 50;

  /** WildFly's own figure: "WFLYSRV0025: WildFly ... started in 4321ms - Started ...". */
  private static final Pattern STARTED =
      Pattern.compile("WFLYSRV002[56]: .* started (?:\\(with errors\\) )?in (\\d+)ms");

  /** The ports of standalone.xml's socket bindings, with or without a property around them. */
  private static final Pattern SOCKET_BINDING_PORT =
      Pattern.compile("<socket-binding name=\"[^\"]+\"[^>]*? port=\"(?:\\$\\{[^:}]+:)?(\\d+)}?\"");

  /** Variables that would put something of the test JVM's, or of the caller's, into the server. */
  private static final List<String> JVM_VARIABLES =
      List.of(
          "CLASSPATH",
          "JAVA_TOOL_OPTIONS",
          "JDK_JAVA_OPTIONS",
          "_JAVA_OPTIONS",
          "JAVA_OPTS",
          "JBOSS_HOME",
          "JBOSS_BASE_DIR",
          "JBOSS_LOG_DIR",
          "JBOSS_CONFIG_DIR");

  private final Process process;
  private final URI base;
  private final Path log;
  private final Duration startup;

  private WildFly(Process process, URI base, Path log, Duration startup) {
    this.process = process;
    this.base = base;
    this.log = log;
    this.startup = startup;
  }

  /**
   * Starts the WildFly at {@code home} with the exploded {@code war} as {@code /contextRoot} and
   * the server's JVM given {@code systemProperties}, and returns once {@code readyPath} below it
   * answers 200.
   */
  static WildFly start(
      Path home,
      Path war,
      Path work,
      String contextRoot,
      String readyPath,
      Map<String, String> systemProperties)
      throws IOException, InterruptedException {
    Path script = home.resolve("bin/standalone.sh");
    if (!Files.isRegularFile(script)) {
      throw new IllegalStateException("no WildFly at " + home + ": run with -Pservers");
    }
    Files.createDirectories(work);
    Path baseDir = work.resolve("standalone");
    deleteTree(baseDir);
    copyTree(home.resolve("standalone"), baseDir);
    Path deployments = baseDir.resolve("deployments");
    copyTree(war, deployments.resolve(contextRoot + ".war"));
    // The scanner deploys an exploded WAR only once told to.
    Files.createFile(deployments.resolve(contextRoot + ".war.dodeploy"));
    int offset = freeOffset(baseDir.resolve("configuration/standalone.xml"));
    Path log = work.resolve("wildfly.log");
    List<String> command =
        new ArrayList<>(
            List.of(
                "/bin/sh",
                script.toString(),
                "-Djboss.server.base.dir=" + baseDir,
                "-Djboss.bind.address=127.0.0.1",
                "-Djboss.bind.address.management=127.0.0.1",
                "-Djboss.socket.binding.port-offset=" + offset));
    systemProperties.forEach((name, value) -> command.add("-D" + name + "=" + value));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(work.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Map<String, String> environment = builder.environment();
    JVM_VARIABLES.forEach(environment::remove);
    environment.put("JAVA_HOME", System.getProperty("java.home"));
    long started = System.nanoTime();
    Process process = builder.start();
    URI base = URI.create("http://127.0.0.1:" + (8080 + offset) + "/" + contextRoot + "/");
    WildFly server = new WildFly(process, base, log, Duration.ZERO);
    try {
      server.awaitReady(base.resolve(readyPath.substring(1)), deployments, contextRoot + ".war");
    } catch (RuntimeException | IOException | InterruptedException e) {
      server.close();
      throw e;
    }
    return new WildFly(process, base, log, Duration.ofNanos(System.nanoTime() - started));
  }

  /** The application's root, ending in a slash. */
  URI base() {
    return base;
  }

  /** From the process's start to the first 200 from the readiness path. */
  Duration startup() {
    return startup;
  }

  /** WildFly's own start-up time, from its WFLYSRV0025 line, if it logged one. */
  Optional<String> reportedStartup() {
    Matcher started = STARTED.matcher(logText());
    return started.find() ? Optional.of(started.group(1) + " ms") : Optional.empty();
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

  private void awaitReady(URI ready, Path deployments, String war)
      throws IOException, InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest request = HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(10)).build();
    Path failed = deployments.resolve(war + ".failed");
    long deadline = System.nanoTime() + STARTUP_DEADLINE.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "WildFly exited with " + process.exitValue() + " before " + ready + "; " + tail());
      }
      if (Files.exists(failed)) {
        throw new IllegalStateException(
            "WildFly failed to deploy "
                + war
                + ": "
                + Files.readString(failed, StandardCharsets.UTF_8)
                + "; "
                + tail());
      }
      // The scanner deploys during the boot: once started, the WAR is up or has failed.
      boolean booted = STARTED.matcher(logText()).find();
      try {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return;
        }
        if (booted) {
          throw new IllegalStateException(
              "WildFly started but "
                  + ready
                  + " answers "
                  + response.statusCode()
                  + " "
                  + response.body()
                  + "; "
                  + tail());
        }
      } catch (IOException notListeningYet) {
        // Connection refused until Undertow's listener is up.
      }
      // Paces the poll, and returns at once if the server dies meanwhile.
      try {
        process.onExit().get(POLL_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException stillRunning) {
        // The usual case: poll again.
      } catch (ExecutionException e) {
        throw new IllegalStateException("waiting for WildFly", e);
      }
    }
    throw new IllegalStateException(
        "WildFly did not answer 200 at " + ready + " within " + STARTUP_DEADLINE + "; " + tail());
  }

  private String tail() {
    String text = logText();
    return "log " + log + " ends:\n" + text.substring(Math.max(0, text.length() - 4000));
  }

  /**
   * Stops the server: the script and the JVM it started (SIGTERM, which WildFly answers with a
   * graceful shutdown), forcibly if they do not stop in time.
   */
  @Override
  public void close() {
    List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
    tree.add(process.toHandle());
    tree.forEach(ProcessHandle::destroy);
    if (tree.stream().allMatch(WildFly::awaitExit)) {
      return;
    }
    tree.forEach(ProcessHandle::destroyForcibly);
    if (!tree.stream().allMatch(WildFly::awaitExit)) {
      throw new IllegalStateException("WildFly (pid " + process.pid() + ") did not stop");
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
      throw new IllegalStateException("waiting for WildFly to stop", e);
    }
  }

  /** A port offset at which every socket binding of {@code config} is free on 127.0.0.1. */
  private static int freeOffset(Path config) throws IOException {
    List<Integer> ports = new ArrayList<>();
    Matcher port = SOCKET_BINDING_PORT.matcher(Files.readString(config, StandardCharsets.UTF_8));
    while (port.find()) {
      ports.add(Integer.parseInt(port.group(1)));
    }
    if (!ports.contains(8080)) {
      throw new IllegalStateException("no http socket binding on 8080 in " + config + ": " + ports);
    }
    int highest = ports.stream().max(Integer::compare).orElseThrow();
    for (int attempt = 0; attempt < OFFSET_ATTEMPTS; attempt++) {
      int offset = ThreadLocalRandom.current().nextInt(10_000, 65_535 - highest);
      if (ports.stream().allMatch(p -> isFree(p + offset))) {
        return offset;
      }
    }
    throw new IllegalStateException("no port offset leaves all of " + ports + " free");
  }

  private static boolean isFree(int port) {
    try (ServerSocket socket =
        new ServerSocket(port, 1, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}))) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void copyTree(Path source, Path target) throws IOException {
    try (Stream<Path> files = Files.walk(source)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Path copy = target.resolve(source.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(copy);
        } else {
          Files.copy(file, copy);
        }
      }
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
}
