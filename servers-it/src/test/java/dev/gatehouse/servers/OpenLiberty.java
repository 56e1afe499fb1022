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
import java.util.stream.Collectors;

/**
 * An Open Liberty server started as a process of its own ({@code bin/server run}, in the
 * foreground, on the test's own JDK and none of the test JVM's class path or options) with one
 * exploded WAR deployed, its HTTP endpoint on 127.0.0.1 and a free port, no HTTPS. The runtime is
 * the unpacked distribution, left untouched: the server's configuration and logs live in the work
 * directory ({@code WLP_USER_DIR}), its console output in {@code console.log} there.
 *
 * <p>Not thread-safe: start and stop it from one thread.
 */
final class OpenLiberty extends Deployed {
  private static final String SERVER_NAME = "gatehouse";
  private static final Duration STARTUP_DEADLINE = Duration.ofMinutes(4);

  /** "CWWKF0011I: The gatehouse server is ready ... The gatehouse server started in 12.3 s". */
  private static final Pattern READY = Pattern.compile("CWWKF0011I.*?([0-9.,]+) seconds");

  private OpenLiberty(ServerProcess process, URI base, Duration startup) {
    super(process, base, startup, READY, "s");
  }

  /**
   * Starts the Open Liberty installed in {@code wlp} with {@code features} and {@code war} at
   * {@code /contextRoot}, and returns once {@code readyPath} below it answers 200.
   */
  static OpenLiberty start(
      Path wlp,
      List<String> features,
      String configuration,
      Path war,
      Path work,
      String contextRoot,
      String readyPath)
      throws IOException, InterruptedException {
    Path script = wlp.resolve("bin/server");
    if (!Files.isRegularFile(script)) {
      throw new IllegalStateException("no Open Liberty at " + wlp + ": " + script + " is missing");
    }
    // The user directory holds the server's configuration, work area and logs: start afresh.
    Path user = work.resolve("usr");
    ExplodedWar.delete(user);
    Path server = Files.createDirectories(user.resolve("servers").resolve(SERVER_NAME));
    int port = ServerProcess.freePort();
    Files.writeString(
        server.resolve("server.xml"),
        serverXml(features, configuration, port, war, contextRoot),
        StandardCharsets.UTF_8);
    ServerProcess process =
        ServerProcess.start(
            "Open Liberty",
            new ProcessBuilder("/bin/sh", script.toString(), "run", SERVER_NAME)
                .directory(work.toFile()),
            work.resolve("console.log"),
            Map.of("WLP_USER_DIR", user.toString()));
    URI base = URI.create("http://127.0.0.1:" + port + "/" + contextRoot + "/");
    // Liberty logs "ready" after starting its applications, whether they started or not.
    Duration startup =
        process.awaitReady(
            base.resolve(readyPath.substring(1)),
            STARTUP_DEADLINE,
            () -> READY.matcher(process.logText()).find());
    return new OpenLiberty(process, base, startup);
  }

  private static String serverXml(
      List<String> features, String configuration, int port, Path war, String contextRoot) {
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
        + configuration
        + "  <webApplication id=\"gatehouse\" location=\""
        + war
        + "\" contextRoot=\""
        + contextRoot
        + "\"/>\n"
        + "</server>\n";
  }
}
