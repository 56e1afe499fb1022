package dev.gatehouse.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * An Apache Tomcat started as a process of its own ({@code bin/catalina.sh run}, in the foreground,
 * on the test's JDK) with one exploded WAR in {@code webapps}. {@code CATALINA_HOME} is the
 * unpacked distribution, left untouched; {@code CATALINA_BASE} is a fresh directory in the work
 * directory, with a copy of the distribution's {@code conf} whose {@code server.xml} binds the HTTP
 * connector to 127.0.0.1 on a free port and has no shutdown port. Its console output goes to {@code
 * console.log}, its own logs to {@code base/logs}.
 *
 * <p>Not thread-safe: start and stop it from one thread.
 */
final class Tomcat extends Deployed {
  private static final Duration STARTUP_DEADLINE = Duration.ofMinutes(2);

  /** Tomcat's own figure: "Server startup in [1234] milliseconds". */
  private static final Pattern STARTED =
      Pattern.compile("Server startup in \\[([0-9,.]+)] milliseconds");

  private final Path logs;

  private Tomcat(ServerProcess process, URI base, Path logs, Duration startup) {
    super(process, base, startup, STARTED, "ms");
    this.logs = logs;
  }

  /**
   * Starts the Tomcat at {@code home} with {@code war} as {@code /contextRoot}, and returns once
   * {@code readyPath} below it answers 200.
   */
  static Tomcat start(Path home, Path war, Path work, String contextRoot, String readyPath)
      throws IOException, InterruptedException {
    Path script = home.resolve("bin/catalina.sh");
    if (!Files.isRegularFile(script)) {
      throw new IllegalStateException("no Tomcat at " + home + ": run with -Pservers");
    }
    Path catalinaBase = work.resolve("base");
    ExplodedWar.delete(catalinaBase);
    ExplodedWar.copyTree(home.resolve("conf"), catalinaBase.resolve("conf"));
    for (String dir : new String[] {"logs", "temp", "work", "webapps"}) {
      Files.createDirectories(catalinaBase.resolve(dir));
    }
    ExplodedWar.copyTree(war, catalinaBase.resolve("webapps").resolve(contextRoot));
    int port = ServerProcess.freePort();
    bindToLoopback(catalinaBase.resolve("conf/server.xml"), port);
    ProcessBuilder builder =
        new ProcessBuilder("/bin/sh", script.toString(), "run").directory(work.toFile());
    // Nothing of the caller's Tomcat settings: only the two directories below.
    Stream.of("CATALINA_OPTS", "CATALINA_PID", "CATALINA_TMPDIR", "JRE_HOME")
        .forEach(builder.environment()::remove);
    ServerProcess process =
        ServerProcess.start(
            "Tomcat",
            builder,
            work.resolve("console.log"),
            Map.of("CATALINA_HOME", home.toString(), "CATALINA_BASE", catalinaBase.toString()));
    URI base = URI.create("http://127.0.0.1:" + port + "/" + contextRoot + "/");
    Duration startup =
        process.awaitReady(
            base.resolve(readyPath.substring(1)),
            STARTUP_DEADLINE,
            () -> STARTED.matcher(process.logText()).find());
    return new Tomcat(process, base, catalinaBase.resolve("logs"), startup);
  }

  /**
   * Edits the distribution's {@code server.xml}: the shutdown port off (-1), the HTTP connector on
   * 127.0.0.1 and {@code port}. The HTTPS and AJP connectors are commented out as shipped.
   */
  private static void bindToLoopback(Path serverXml, int port) throws IOException {
    String text = Files.readString(serverXml, StandardCharsets.UTF_8);
    String shutdown = "<Server port=\"8005\"";
    String connector = "<Connector port=\"8080\" protocol=\"HTTP/1.1\"";
    if (!text.contains(shutdown) || !text.contains(connector)) {
      throw new IllegalStateException(serverXml + " changed: revisit the edits for the tests");
    }
    Files.writeString(
        serverXml,
        text.replace(shutdown, "<Server port=\"-1\"")
            .replace(
                connector,
                "<Connector address=\"127.0.0.1\" port=\"" + port + "\" protocol=\"HTTP/1.1\""),
        StandardCharsets.UTF_8);
  }

  /**
   * The console output and Tomcat's log files so far: failures of a web application go to {@code
   * localhost.<date>.log} only.
   */
  @Override
  String logText() {
    try (Stream<Path> files = Files.list(logs)) {
      return super.logText()
          + files.sorted().map(Tomcat::read).collect(Collectors.joining("\n", "\n", ""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
