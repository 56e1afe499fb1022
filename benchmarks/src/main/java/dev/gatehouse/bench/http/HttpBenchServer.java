package dev.gatehouse.bench.http;

import dev.gatehouse.IssuerPolicy;
import dev.gatehouse.TokenVerifier;
import dev.gatehouse.bench.Fixture;
import dev.gatehouse.servlet.RequireAuthFilter;
import dev.gatehouse.testkit.MockIssuer;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A Jetty 12 server on 127.0.0.1 with one tiny endpoint under several prefixes, for {@code
 * benchmarks/http-load.sh}:
 *
 * <ul>
 *   <li>{@code /open/hello}: no filter, the baseline;
 *   <li>{@code /filter/hello}: {@code RequireAuthFilter} with the default verifier (token cache of
 *       10,000, signature provider {@code auto});
 *   <li>{@code /nocache-jdk/hello}, {@code /nocache-conscrypt/hello} and {@code
 *       /nocache-bouncycastle/hello}: the filter with no token cache, so every request verifies a
 *       signature, with the JDK's provider, Conscrypt, or BouncyCastle (the default path of an
 *       application that adds nothing);
 *   <li>{@code /opaque/hello}: the filter with opaque tokens, introspected at a mock issuer on
 *       loopback and then served from the introspection cache.
 * </ul>
 *
 * <p>It writes to the directory given: {@code token.txt} (one ES256 token), {@code tokens.txt}
 * (distinct tokens, one a line, for different subjects), {@code opaque.txt} and {@code opaques.txt}
 * (the same for opaque tokens, at most 1,000) and, once serving, {@code port}. It stops by itself
 * after {@code --max-seconds} (default 900) so a forgotten server never lingers.
 *
 * {@snippet lang=sh :
 * java -cp benchmarks.jar dev.gatehouse.bench.http.HttpBenchServer --dir /tmp/load --tokens 10000
 * }
 *
 * <p>Not thread-safe to start; the server itself serves requests concurrently.
 */
public final class HttpBenchServer {
  private static final byte[] BODY = "ok\n".getBytes(StandardCharsets.US_ASCII);

  private HttpBenchServer() {}

  public static void main(String[] args) throws Exception {
    Path dir = null;
    int tokens = 10_000;
    Duration maxTime = Duration.ofSeconds(900);
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--dir" -> dir = Path.of(args[++i]);
        case "--tokens" -> tokens = Integer.parseInt(args[++i]);
        case "--max-seconds" -> maxTime = Duration.ofSeconds(Long.parseLong(args[++i]));
        default -> throw new IllegalArgumentException("unknown argument: " + args[i]);
      }
    }
    if (dir == null) {
      throw new IllegalArgumentException(
          "usage: HttpBenchServer --dir DIR [--tokens N] [--max-seconds S]");
    }
    Files.createDirectories(dir);
    Files.deleteIfExists(dir.resolve("port"));

    // The mock issuer is the JDK's HTTP server: without this it waits for delayed ACKs.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    Fixture fixture = Fixture.start("ES256");
    MockIssuer opaqueIssuer = MockIssuer.start();
    Files.writeString(
        dir.resolve("opaque.txt"),
        opaqueIssuer.opaqueToken("user-0") + "\n",
        StandardCharsets.US_ASCII);
    List<String> opaques = new ArrayList<>();
    for (int i = 0; i < Math.min(tokens, 1000); i++) {
      opaques.add(
          opaqueIssuer.opaqueToken(
              Map.of(
                  "sub",
                  "user-" + i,
                  "aud",
                  "api",
                  "exp",
                  Instant.now().plusSeconds(3600).getEpochSecond())));
    }
    Files.write(dir.resolve("opaques.txt"), opaques, StandardCharsets.US_ASCII);
    TokenVerifier introspecting =
        TokenVerifier.builder()
            .issuer(
                IssuerPolicy.builder(opaqueIssuer.issuer())
                    .audiences("api")
                    .jwksUri(opaqueIssuer.jwksUri())
                    .introspectionUri(opaqueIssuer.introspectionUri())
                    .introspectionClient(
                        MockIssuer.INTROSPECTION_CLIENT_ID, MockIssuer.INTROSPECTION_CLIENT_SECRET)
                    .introspectionCacheMaxAge(Duration.ofMinutes(10))
                    .build())
            .build();
    Files.writeString(dir.resolve("token.txt"), fixture.token + "\n", StandardCharsets.US_ASCII);
    List<String> distinct = new ArrayList<>(tokens);
    for (int i = 0; i < tokens; i++) {
      distinct.add(Fixture.mint(fixture.issuer, "user-" + i));
    }
    Files.write(dir.resolve("tokens.txt"), distinct, StandardCharsets.US_ASCII);

    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    context.addServlet(new ServletHolder(new Hello()), "/*");
    protect(context, "/filter/*", fixture.verifier("auto"));
    protect(context, "/nocache-jdk/*", fixture.uncachedVerifier("jdk"));
    protect(context, "/nocache-conscrypt/*", fixture.uncachedVerifier("Conscrypt"));
    protect(context, "/nocache-bouncycastle/*", fixture.uncachedVerifier("BouncyCastle"));
    protect(context, "/opaque/*", introspecting);
    server.setHandler(context);
    server.setStopAtShutdown(true);
    server.start();

    Files.writeString(
        dir.resolve("port"), Integer.toString(connector.getLocalPort()), StandardCharsets.US_ASCII);
    System.out.println(
        "serving on 127.0.0.1:"
            + connector.getLocalPort()
            + " for at most "
            + maxTime.toSeconds()
            + " s");
    Thread.sleep(maxTime.toMillis());
    stop(server, fixture);
  }

  private static void protect(ServletContextHandler context, String path, TokenVerifier verifier) {
    context.addFilter(
        new FilterHolder(new RequireAuthFilter(verifier)),
        path,
        EnumSet.of(DispatcherType.REQUEST));
  }

  private static void stop(Server server, Fixture fixture) {
    try {
      server.stop();
    } catch (Exception e) {
      System.err.println("stopping: " + e);
    }
    fixture.close();
    System.exit(0);
  }

  /** A few bytes of text: the application costs next to nothing, so the filter's share shows. */
  private static final class Hello extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      response.setContentType("text/plain");
      response.setContentLength(BODY.length);
      response.getOutputStream().write(BODY);
    }
  }
}
