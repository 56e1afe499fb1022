package dev.gatehouse.servers;

import dev.gatehouse.testkit.MockIssuer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * A sample WAR deployed on a real server for one test class: a mock issuer started first, the WAR
 * laid out for it, the server started with it, and both stopped in {@code @AfterAll} whatever
 * happens. The contracts say what the WAR answers; each server's IT only starts its server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DeployedWar {
  private @Nullable MockIssuer issuer;
  private @Nullable Deployed server;

  /** The server's name: its work directory below {@code servers.work}. */
  abstract String name();

  /** Lays the WAR out in {@code dir} for {@code issuer}. */
  abstract Path layOut(Path dir, MockIssuer issuer) throws IOException;

  /** Starts the server with the exploded {@code war} as {@code /gatehouse}. */
  abstract Deployed start(Path war, Path work) throws Exception;

  @BeforeAll
  void deploy() throws Exception {
    MockIssuer started = MockIssuer.start();
    issuer = started;
    Path work = Path.of(System.getProperty("servers.work", "target/servers"), name());
    Path war = layOut(work.resolve("gatehouse"), started);
    Deployed running = start(war, work);
    server = running;
    System.out.printf(
        "%s answered after %d ms (it says it started in %s); log: %s%n",
        name(), running.startup().toMillis(), running.reportedStartup().orElse("?"), running.log());
  }

  @AfterAll
  void stop() {
    try {
      if (server != null) {
        server.close();
      }
    } finally {
      if (issuer != null) {
        issuer.close();
      }
    }
  }

  /** The mock issuer the WAR names. */
  MockIssuer issuer() {
    return running(issuer);
  }

  /** The application's root, ending in a slash. */
  URI base() {
    return running(server).base();
  }

  /** The server's log so far. */
  String serverLog() {
    return running(server).logText();
  }

  /** {@code started}, or the reason to look at {@code @BeforeAll}'s failure instead. */
  static <T> T running(@Nullable T started) {
    if (started == null) {
      throw new IllegalStateException("not started: see @BeforeAll's failure");
    }
    return started;
  }
}
