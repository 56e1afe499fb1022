package dev.gatehouse.servers;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
final class WildFly extends Deployed {
  private static final Duration STARTUP_DEADLINE = Duration.ofMinutes(4);
  private static final int OFFSET_ATTEMPTS = 50;

  /** WildFly's own figure: "WFLYSRV0025: WildFly ... started in 4321ms - Started ...". */
  private static final Pattern STARTED =
      Pattern.compile("WFLYSRV002[56]: .* started (?:\\(with errors\\) )?in (\\d+)ms");

  /** The ports of standalone.xml's socket bindings, with or without a property around them. */
  private static final Pattern SOCKET_BINDING_PORT =
      Pattern.compile("<socket-binding name=\"[^\"]+\"[^>]*? port=\"(?:\\$\\{[^:}]+:)?(\\d+)}?\"");

  /** Variables that would put the caller's WildFly settings into the server. */
  private static final List<String> JBOSS_VARIABLES =
      List.of("JBOSS_HOME", "JBOSS_BASE_DIR", "JBOSS_LOG_DIR", "JBOSS_CONFIG_DIR");

  private WildFly(ServerProcess process, URI base, Duration startup) {
    super(process, base, startup, STARTED, "ms");
  }

  /**
   * Starts the WildFly at {@code home} with the exploded {@code war} as {@code /contextRoot} and
   * its copy of {@code standalone.xml} edited by {@code configuration}, and returns once {@code
   * readyPath} below it answers 200.
   */
  static WildFly start(
      Path home,
      Path war,
      Path work,
      String contextRoot,
      String readyPath,
      UnaryOperator<String> configuration)
      throws IOException, InterruptedException {
    Path script = home.resolve("bin/standalone.sh");
    if (!Files.isRegularFile(script)) {
      throw new IllegalStateException("no WildFly at " + home + ": run with -Pservers");
    }
    Files.createDirectories(work);
    Path baseDir = work.resolve("standalone");
    ExplodedWar.delete(baseDir);
    ExplodedWar.copyTree(home.resolve("standalone"), baseDir);
    Path deployments = baseDir.resolve("deployments");
    ExplodedWar.copyTree(war, deployments.resolve(contextRoot + ".war"));
    // The scanner deploys an exploded WAR only once told to.
    Files.createFile(deployments.resolve(contextRoot + ".war.dodeploy"));
    Path standaloneXml = baseDir.resolve("configuration/standalone.xml");
    String original = Files.readString(standaloneXml, StandardCharsets.UTF_8);
    String edited = configuration.apply(original);
    Files.writeString(standaloneXml, edited, StandardCharsets.UTF_8);
    int offset = freeOffset(standaloneXml);
    List<String> command =
        new ArrayList<>(
            List.of(
                "/bin/sh",
                script.toString(),
                "-Djboss.server.base.dir=" + baseDir,
                "-Djboss.bind.address=127.0.0.1",
                "-Djboss.bind.address.management=127.0.0.1",
                "-Djboss.socket.binding.port-offset=" + offset));
    ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile());
    JBOSS_VARIABLES.forEach(builder.environment()::remove);
    ServerProcess process =
        ServerProcess.start("WildFly", builder, work.resolve("wildfly.log"), Map.of());
    URI base = URI.create("http://127.0.0.1:" + (8080 + offset) + "/" + contextRoot + "/");
    // The scanner deploys during the boot: once started, or once it marks the WAR failed, the WAR
    // is up or has failed.
    Path failed = deployments.resolve(contextRoot + ".war.failed");
    Duration startup =
        process.awaitReady(
            base.resolve(readyPath.substring(1)),
            STARTUP_DEADLINE,
            () -> Files.exists(failed) || STARTED.matcher(process.logText()).find());
    return new WildFly(process, base, startup);
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
}
