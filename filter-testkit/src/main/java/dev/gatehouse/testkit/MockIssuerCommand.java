package dev.gatehouse.testkit;

import java.io.PrintStream;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar filter-testkit-<version>-all.jar [--port N] [--issuer URL] [--audience A]
 * [--algorithm ALG]}: a {@link MockIssuer} as its own process, for an application tested from
 * outside the JVM. It prints where it listens and the settings to paste, then serves until the
 * process is stopped. A usage error exits with status 2, a port that cannot be bound with 1.
 */
final class MockIssuerCommand {
  static final String USAGE =
      "usage: java -jar filter-testkit-all.jar [--port N] [--issuer http://127.0.0.1:N[/path]]"
          + " [--audience A] [--algorithm ALG]";

  /** The first line printed, from which scripts and tests read the bound port. */
  static final String LISTENING = "Gatehouse mock issuer listening on 127.0.0.1 port ";

  private MockIssuerCommand() {}

  public static void main(String[] args) throws InterruptedException {
    // The kit logs nothing; without this, SLF4J warns that no logging backend is present.
    System.setProperty(
        "slf4j.internal.verbosity", System.getProperty("slf4j.internal.verbosity", "ERROR"));
    if (List.of(args).contains("--help")) {
      System.out.println(USAGE);
      return;
    }
    MockIssuer issuer;
    try {
      issuer = builder(List.of(args)).start();
    } catch (IllegalArgumentException e) {
      System.err.println("mock-issuer: " + e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    } catch (java.io.UncheckedIOException e) {
      System.err.println("mock-issuer: " + e.getMessage());
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  issuer.close();
                  stopped.countDown();
                },
                "mock-issuer-stop"));
    describe(issuer, System.out);
    stopped.await();
  }

  /**
   * The builder the arguments describe.
   *
   * @throws IllegalArgumentException naming the argument that is unknown, missing or invalid
   */
  static MockIssuer.Builder builder(List<String> args) {
    MockIssuer.Builder builder = MockIssuer.builder();
    Deque<String> rest = new ArrayDeque<>(args);
    Integer port = null;
    URI issuer = null;
    while (!rest.isEmpty()) {
      String option = rest.removeFirst();
      if (rest.isEmpty() || !option.startsWith("--")) {
        throw new IllegalArgumentException(
            option.startsWith("--") ? option + " needs a value" : "unknown argument: " + option);
      }
      String value = rest.removeFirst();
      switch (option) {
        case "--port" -> port = port(value);
        case "--issuer" -> issuer = issuer(value);
        case "--audience" -> builder.audience(value);
        case "--algorithm" -> builder.algorithm(value);
        default -> throw new IllegalArgumentException("unknown option: " + option);
      }
    }
    if (issuer != null) {
      if (port != null && port != issuer.getPort()) {
        throw new IllegalArgumentException(
            "--port " + port + " and the port of --issuer " + issuer + " differ");
      }
      port = issuer.getPort();
      builder.issuerPath(issuer.getRawPath());
    }
    return builder.port(port == null ? 0 : port);
  }

  private static int port(String value) {
    try {
      int port = Integer.parseInt(value);
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // Answered below, as for a number out of range.
    }
    throw new IllegalArgumentException("--port must be a number from 0 to 65535: " + value);
  }

  private static URI issuer(String value) {
    URI uri;
    try {
      uri = new URI(value);
    } catch (java.net.URISyntaxException e) {
      uri = null;
    }
    // It listens on 127.0.0.1 only: another host name would be an issuer nobody can reach.
    if (uri == null
        || !"http".equals(uri.getScheme())
        || !"127.0.0.1".equals(uri.getHost())
        || uri.getPort() < 0
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null
        || uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException(
          "--issuer must be http://127.0.0.1:<port> with an optional path: " + value);
    }
    return uri;
  }

  /** Prints where the issuer listens and the settings an application needs to trust it. */
  static void describe(MockIssuer issuer, PrintStream out) {
    String audience = issuer.audience();
    out.println(LISTENING + issuer.issuerUri().getPort());
    out.println("  issuer     " + issuer.issuer());
    out.println("  jwks       " + issuer.jwksUri());
    out.println("  discovery  " + issuer.openIdConfigurationUri());
    out.println("  token      " + issuer.tokenUri());
    out.println();
    out.println("Settings (web.xml init-params; JAX-RS properties take the prefix gatehouse.):");
    out.println("  issuer=" + issuer.issuer());
    out.println("  jwks-uri=" + issuer.jwksUri());
    out.println("  audience=" + audience);
    out.println("As system properties:");
    out.println(
        "  -Dgatehouse.issuer="
            + issuer.issuer()
            + " -Dgatehouse.jwks-uri="
            + issuer.jwksUri()
            + " -Dgatehouse.audience="
            + audience);
    out.println();
    out.println(
        "Mint a token (the members are claims over the defaults: sub user-1, aud "
            + audience
            + ", exp in 5 minutes; null leaves one out):");
    out.println(
        "  curl -s "
            + issuer.tokenUri()
            + " -H 'Content-Type: application/json' -d '{\"sub\":\"alice\",\"scope\":\"orders.read\"}'");
    out.println();
    out.println("Running; stop it with Ctrl+C.");
    out.flush();
  }
}
