package dev.gatehouse.servers;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server started as a process of its own with a WAR deployed: where it answers, what it logs, how
 * long it took, and stopping it. Each server's class only starts its process.
 *
 * <p>Not thread-safe: start and stop it from one thread.
 */
abstract class Deployed implements AutoCloseable {
  private final ServerProcess process;
  private final URI base;
  private final Duration startup;
  private final Pattern reported;
  private final String unit;

  /**
   * {@code process}, answering at {@code base} after {@code startup}; the first group of {@code
   * reported} in its console output is the server's own start-up time, in {@code unit}.
   */
  Deployed(ServerProcess process, URI base, Duration startup, Pattern reported, String unit) {
    this.process = process;
    this.base = base;
    this.startup = startup;
    this.reported = reported;
    this.unit = unit;
  }

  /** The application's root, ending in a slash. */
  final URI base() {
    return base;
  }

  /** From the process's start to the first 200 from the readiness path. */
  final Duration startup() {
    return startup;
  }

  /** The server's own start-up time, as its console says, if it said so. */
  final Optional<String> reportedStartup() {
    Matcher started = reported.matcher(process.logText());
    return started.find() ? Optional.of(started.group(1) + " " + unit) : Optional.empty();
  }

  /** The server's log so far: its console output, by default. */
  String logText() {
    return process.logText();
  }

  /** The file its console output goes to. */
  final Path log() {
    return process.log();
  }

  /** Stops the server and everything it started, forcibly if it does not stop in time. */
  @Override
  public final void close() {
    process.close();
  }
}
