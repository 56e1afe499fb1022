package dev.gatehouse.examples;

import dev.gatehouse.testkit.MockIssuer;
import java.io.PrintStream;
import java.net.BindException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * What every example's {@code main} does: start a {@link MockIssuer} and the server, print the
 * issuer and ready-to-paste curl commands, and run until the process is stopped.
 *
 * <p>The port is the first argument, else the system property {@code port}, else {@value
 * #DEFAULT_PORT}; 0 picks a free one.
 *
 * <p>Stateless and thread-safe.
 */
public final class ExampleMain {
  /** The port an example listens on unless told otherwise. */
  public static final int DEFAULT_PORT = 8080;

  /** Starts one example against an issuer; the examples' {@code start} methods. */
  @FunctionalInterface
  public interface Starter {
    /** Starts the example on 127.0.0.1:{@code port}, trusting {@code issuer}. */
    RunningExample start(MockIssuer issuer, int port);
  }

  /** Prints what a started example offers: where it is and what to try. */
  @FunctionalInterface
  public interface Banner {
    /** Prints the banner of {@code app}, which trusts {@code issuer}, to {@code out}. */
    void print(PrintStream out, MockIssuer issuer, RunningExample app);
  }

  private ExampleMain() {}

  /**
   * Runs example {@code name} until the process is stopped; exits with status 2 if the port is
   * taken. {@code routes} tells in one line what the example protects.
   */
  public static void run(
      String name,
      String routes,
      String[] args,
      Starter starter,
      Function<MockIssuer, List<Scenario>> scenarios)
      throws InterruptedException {
    serve(
        args,
        starter,
        (out, issuer, app) -> printBanner(out, name, routes, issuer, app, scenarios.apply(issuer)));
  }

  /**
   * Starts a mock issuer and the example, prints {@code banner}, and runs until the process is
   * stopped; exits with status 2 if the port is taken.
   */
  public static void serve(String[] args, Starter starter, Banner banner)
      throws InterruptedException {
    int port = port(args, System.getProperty("port"));
    MockIssuer issuer = MockIssuer.start();
    RunningExample app;
    try {
      app = starter.start(issuer, port);
    } catch (RuntimeException e) {
      issuer.close();
      if (hasCause(e, BindException.class)) {
        System.err.println(
            "Port "
                + port
                + " is in use. Pick another: PORT=9090 ./examples/run.sh, or -Dport=9090.");
        System.exit(2);
      }
      throw e;
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  app.close();
                  issuer.close();
                  System.out.println("Stopped.");
                },
                "gatehouse-example-shutdown"));
    banner.print(System.out, issuer, app);
    System.out.flush();
    new CountDownLatch(1).await();
  }

  static void printBanner(
      PrintStream out,
      String name,
      String routes,
      MockIssuer issuer,
      RunningExample app,
      List<Scenario> scenarios) {
    out.println();
    out.println("Gatehouse " + name + " example: " + app.baseUri());
    out.println("  mock issuer: " + issuer.issuer() + "  (JWKS: " + issuer.jwksUri() + ")");
    out.println("  " + routes);
    out.println(
        "  The tokens below are valid for "
            + Scenarios.TOKEN_LIFETIME.toHours()
            + " hours, while this process runs.");
    out.println();
    Scenarios.print(out, app.baseUri(), scenarios);
    if (app.receivesLogouts()) {
      Scenarios.printLogout(out, issuer, app.baseUri(), scenarios);
    }
    printStop(out);
  }

  /** The last line of every banner: how to stop the example. */
  public static void printStop(PrintStream out) {
    out.println("Running. Press Ctrl+C to stop (or: kill " + ProcessHandle.current().pid() + ").");
  }

  /** The port from the first argument, else {@code property}, else {@value #DEFAULT_PORT}. */
  static int port(String[] args, @Nullable String property) {
    String value = args.length > 0 ? args[0] : property;
    if (value == null || value.isBlank()) {
      return DEFAULT_PORT;
    }
    try {
      int port = Integer.parseInt(value.trim());
      if (port >= 0 && port <= 65_535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("port must be an integer from 0 to 65535: " + value);
  }

  private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }
}
