package dev.gatehouse.servers;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A Jetty 12 started as a process of its own ({@code java -jar start.jar} of the unpacked {@code
 * jetty-home}, on the test's JDK) with one exploded WAR in {@code webapps}, its HTTP connector on
 * 127.0.0.1 and a free port. {@code jetty.home} is the distribution, left untouched; {@code
 * jetty.base} is a fresh directory in the work directory, set up by {@code start.jar
 * --add-modules}. Its console output (Jetty logs to standard error) goes to {@code console.log}.
 *
 * <p>Not thread-safe: start and stop it from one thread.
 */
final class Jetty extends Deployed {
  private static final Duration STARTUP_DEADLINE = Duration.ofMinutes(2);
  private static final Duration SETUP_TIMEOUT = Duration.ofMinutes(1);

  /**
   * The modules of an ee10 (Servlet 6.0) server that deploys {@code webapps}: the annotations
   * module runs the {@code ServletContainerInitializer} by which Jersey sets itself up.
   */
  private static final String MODULES = "ee10-deploy,ee10-annotations,http";

  /** Jetty's own figure: "Started oejs.Server@1234{STARTED}[12.1.12,sto=5000] @1234ms". */
  private static final Pattern STARTED = Pattern.compile("Started oejs\\.Server@\\S+ @(\\d+)ms");

  private Jetty(ServerProcess process, URI base, Duration startup) {
    super(process, base, startup, STARTED, "ms");
  }

  /**
   * Starts the Jetty at {@code home} with {@code war} as {@code /contextRoot}, and returns once
   * {@code readyPath} below it answers 200.
   */
  static Jetty start(Path home, Path war, Path work, String contextRoot, String readyPath)
      throws IOException, InterruptedException {
    Path startJar = home.resolve("start.jar");
    if (!Files.isRegularFile(startJar)) {
      throw new IllegalStateException("no Jetty at " + home + ": run with -Pservers");
    }
    Path jettyBase = work.resolve("base");
    ExplodedWar.delete(jettyBase);
    Files.createDirectories(jettyBase);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String homeArg = "jetty.home=" + home;
    String baseArg = "jetty.base=" + jettyBase;
    addModules(
        new ProcessBuilder(
                java, "-jar", startJar.toString(), homeArg, baseArg, "--add-modules=" + MODULES)
            .directory(jettyBase.toFile()),
        work.resolve("setup.log"));
    ExplodedWar.copyTree(war, jettyBase.resolve("webapps").resolve(contextRoot));
    int port = ServerProcess.freePort();
    ProcessBuilder builder =
        new ProcessBuilder(
                java,
                "-jar",
                startJar.toString(),
                homeArg,
                baseArg,
                "jetty.http.host=127.0.0.1",
                "jetty.http.port=" + port)
            .directory(jettyBase.toFile());
    ServerProcess process =
        ServerProcess.start("Jetty", builder, work.resolve("console.log"), Map.of());
    URI base = URI.create("http://127.0.0.1:" + port + "/" + contextRoot + "/");
    Duration startup =
        process.awaitReady(
            base.resolve(readyPath.substring(1)),
            STARTUP_DEADLINE,
            () -> STARTED.matcher(process.logText()).find());
    return new Jetty(process, base, startup);
  }

  /** Runs {@code start.jar --add-modules}, which writes {@code start.d} and exits. */
  private static void addModules(ProcessBuilder builder, Path log)
      throws IOException, InterruptedException {
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    ServerProcess.JVM_VARIABLES.forEach(builder.environment()::remove);
    Process setup = builder.start();
    if (!setup.waitFor(SETUP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
      setup.destroyForcibly();
      throw new IllegalStateException("start.jar --add-modules did not finish; see " + log);
    }
    if (setup.exitValue() != 0) {
      throw new IllegalStateException(
          "start.jar --add-modules exited with "
              + setup.exitValue()
              + ": "
              + Files.readString(log));
    }
  }
}
