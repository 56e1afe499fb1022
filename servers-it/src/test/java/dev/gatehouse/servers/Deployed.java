package dev.gatehouse.servers;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** A server started as a process of its own with a WAR deployed: where it answers, what it logs. */
interface Deployed extends AutoCloseable {
  /** The application's root, ending in a slash. */
  URI base();

  /** The server's log so far. */
  String logText();

  /** The file its console output goes to. */
  Path log();

  /** From the process's start to the first 200 from the readiness path. */
  Duration startup();

  /** The server's own start-up time, as it logged it, if it did. */
  Optional<String> reportedStartup();

  /** Stops the server, whatever state it is in. */
  @Override
  void close();
}
