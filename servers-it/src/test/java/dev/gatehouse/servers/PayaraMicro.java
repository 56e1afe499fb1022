package dev.gatehouse.servers;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A Payara Micro 6 started as a process of its own ({@code java -jar payara-micro.jar}, on the
 * test's own {@code java}, with none of the test JVM's class path or options) with one exploded WAR
 * deployed, its HTTP listener on 127.0.0.1 and a free port, without Hazelcast; its console output
 * goes to {@code payara-micro.log} in the work directory, its configuration to {@code root}.
 *
 * <p>Not thread-safe: start and stop it from one thread.
 */
final class PayaraMicro extends Deployed {
  private static final Duration STARTUP_DEADLINE = Duration.ofMinutes(4);

  /** Payara's own figure, from "Payara Micro URLs: ... Payara Micro ... ready in 12,345 (ms)". */
  private static final Pattern READY = Pattern.compile("ready in ([0-9,.]+) \\(ms\\)");

  private PayaraMicro(ServerProcess process, URI base, Duration startup) {
    super(process, base, startup, READY, "ms");
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
    ExplodedWar.delete(root);
    int port = ServerProcess.freePort();
    // Payara Micro has no option for the HTTP listener's address: set it before the boot.
    Path preBoot = work.resolve("pre-boot.asadmin");
    Files.writeString(
        preBoot,
        "set configs.config.server-config.network-config.network-listeners"
            + ".network-listener.http-listener.address=127.0.0.1\n",
        StandardCharsets.UTF_8);
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
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
    ServerProcess process =
        ServerProcess.start(
            "Payara Micro",
            new ProcessBuilder(command).directory(work.toFile()),
            work.resolve("payara-micro.log"),
            Map.of());
    URI base = URI.create("http://127.0.0.1:" + port + "/" + contextRoot + "/");
    // Payara logs "ready" after its deployments, whether they succeeded or not.
    Duration startup =
        process.awaitReady(
            base.resolve(readyPath.substring(1)),
            STARTUP_DEADLINE,
            () -> READY.matcher(process.logText()).find());
    return new PayaraMicro(process, base, startup);
  }
}
