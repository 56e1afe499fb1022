package dev.gatehouse.examples.mcp;

import dev.gatehouse.Guard;
import dev.gatehouse.IssuerPolicy;
import dev.gatehouse.Requirement;
import dev.gatehouse.RouteRule;
import dev.gatehouse.TokenVerifier;
import dev.gatehouse.examples.ExampleMain;
import dev.gatehouse.examples.RunningExample;
import dev.gatehouse.servlet.RequireAuthFilter;
import dev.gatehouse.testkit.MockIssuer;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import java.io.PrintStream;
import java.net.URI;
import java.security.Principal;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * An MCP server on embedded Jetty 12 (ee10): the MCP Java SDK's servlet Streamable HTTP transport
 * at {@value #MCP_PATH}, with one tool, {@value #LIST_BOOKS}, behind Gatehouse's {@link
 * RequireAuthFilter} with the resource set to {@code http://127.0.0.1:<port>/mcp}: the filter
 * serves the protected-resource metadata (RFC 9728) MCP clients discover the issuer from, accepts
 * only tokens issued for this resource (RFC 8707), and asks {@value #SCOPE} of every MCP request.
 *
 * <p>Run it with {@code ./examples/run.sh mcp}; tests start it on port 0:
 *
 * {@snippet :
 * try (McpServerExample.Running mcp = McpServerExample.start(issuer, 0)) {
 *   var transport = HttpClientStreamableHttpTransport.builder(mcp.baseUri().toString()).build();
 * }
 * }
 *
 * <p>Stateless and thread-safe.
 */
public final class McpServerExample {
  /** Where the MCP endpoint is: the SDK servlet answers POST, GET (SSE) and DELETE there. */
  public static final String MCP_PATH = "/mcp";

  /**
   * The one tool: no arguments, answers the book titles as a JSON array in one text content, and
   * the name of the authenticated user, if any, in the result's {@code _meta} at {@value #USER}.
   */
  public static final String LIST_BOOKS = "list_books";

  /**
   * The {@link McpTransportContext} key of the request's {@link Principal}, absent when no filter
   * authenticated the request.
   */
  public static final String USER = "user";

  /** The scope every MCP request needs: the one tool reads books. */
  public static final String SCOPE = "books.read";

  /** What {@value #LIST_BOOKS} answers. */
  public static final String BOOKS_JSON = "[\"Dune\",\"Emma\"]";

  private McpServerExample() {}

  /**
   * The guard of the MCP server at {@code resource}: tokens of {@code issuer} for that resource,
   * {@value #SCOPE} on {@value #MCP_PATH}, a valid token everywhere else.
   */
  public static Guard guard(MockIssuer issuer, String resource) {
    TokenVerifier verifier =
        TokenVerifier.builder()
            .resource(resource)
            .issuer(IssuerPolicy.builder(issuer.issuer()).jwksUri(issuer.jwksUri()).build())
            .build();
    return Guard.builder(verifier)
        .rule(RouteRule.any(MCP_PATH, Requirement.scopes(SCOPE)))
        .resourceName("Gatehouse MCP example")
        .build();
  }

  /**
   * Starts the MCP server on 127.0.0.1:{@code port} (0: any free port), trusting {@code issuer}.
   *
   * @throws IllegalStateException if Jetty does not start, such as when the port is taken
   */
  public static Running start(MockIssuer issuer, int port) {
    return start(
        port,
        (context, resource) -> {
          Guard guard = guard(issuer, resource);
          FilterHolder filter = new FilterHolder(new RequireAuthFilter(guard));
          // The SDK servlet answers asynchronously: every filter in front of it must allow that.
          filter.setAsyncSupported(true);
          // Every path, so that the filter serves /.well-known/oauth-protected-resource too.
          context.addFilter(filter, "/*", EnumSet.allOf(DispatcherType.class));
          return guard;
        });
  }

  /** Mounts the protection of the server at a resource and returns its guard, to close. */
  @FunctionalInterface
  interface Protection {
    Guard install(ServletContextHandler context, String resource);
  }

  /**
   * Starts the MCP server on 127.0.0.1:{@code port}, protected by what {@code protection} mounts
   * for the resource {@code http://127.0.0.1:<bound port>/mcp}.
   */
  static Running start(int port, Protection protection) {
    HttpServletStreamableServerTransportProvider transport =
        HttpServletStreamableServerTransportProvider.builder()
            // The transport is the servlet; it answers 404 to request URIs not ending in this.
            .mcpEndpoint(MCP_PATH)
            // What a tool may learn of its HTTP request: exchange.transportContext().get(USER).
            // Once a filter authenticates the caller, this is how the tool sees who it is.
            .contextExtractor(McpServerExample::transportContext)
            // SDK 2.1.0 sweeps idle sessions on a new non-daemon thread that closing does not
            // stop: one leaked thread per server. Off, a session ends when its client sends
            // DELETE (McpSyncClient.close does) or the server closes.
            .sessionSweepInterval(null)
            .build();
    McpSyncServer mcp =
        McpServer.sync(transport)
            .serverInfo("gatehouse-mcp-example", "0.2.0")
            .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
            .tools(listBooks())
            .build();

    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    server.addConnector(connector);
    try {
      // Bound first: the resource identifier names the port.
      connector.open();
    } catch (java.io.IOException e) {
      mcp.close();
      throw new IllegalStateException("Jetty did not start on port " + port, e);
    }
    String resource = "http://127.0.0.1:" + connector.getLocalPort() + MCP_PATH;

    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    ServletHolder holder = new ServletHolder("mcp", transport);
    // The SDK servlet calls startAsync() for every SSE answer; a programmatic ServletHolder does
    // not read its @WebServlet(asyncSupported = true).
    holder.setAsyncSupported(true);
    context.addServlet(holder, MCP_PATH);
    Guard guard = protection.install(context, resource);
    server.setHandler(context);

    try {
      server.start();
    } catch (Exception e) {
      stopQuietly(server, mcp);
      guard.verifier().close();
      throw new IllegalStateException("Jetty did not start on port " + port, e);
    }
    return new Running(server, mcp, guard, connector.getLocalPort());
  }

  /** Starts a mock issuer and the MCP server, prints how to call it, and runs until stopped. */
  public static void main(String[] args) throws InterruptedException {
    ExampleMain.serve(args, McpServerExample::start, McpServerExample::printBanner);
  }

  /** How to call the server step by step, as an MCP client does, with curl. */
  static void printBanner(PrintStream out, MockIssuer issuer, RunningExample running) {
    Running app = (Running) running;
    String resource = app.resource();
    String initialize =
        "'{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
            + "\"clientInfo\":{\"name\":\"curl\",\"version\":\"1\"}}}'";
    String post =
        "curl -i "
            + resource
            + " -H 'Content-Type: application/json'"
            + " -H 'Accept: application/json, text/event-stream' -d "
            + initialize;
    String token =
        issuer
            .token()
            .subject("demo")
            .audience(resource)
            .scopes(SCOPE)
            .expiresIn(java.time.Duration.ofHours(24))
            .sign();
    out.println();
    out.println("Gatehouse MCP example: " + resource + " (tool " + LIST_BOOKS + ")");
    out.println(
        "  mock issuer: " + issuer.issuer() + "  (token endpoint: " + issuer.tokenUri() + ")");
    out.println("  every MCP request needs a token for this resource with the scope " + SCOPE);
    out.println();
    out.println("# 1. no token: expect 401 and where the metadata is");
    out.println(
        "#    WWW-Authenticate: Bearer scope=\""
            + SCOPE
            + "\", resource_metadata=\""
            + app.metadataUri()
            + "\"");
    out.println(post);
    out.println();
    out.println("# 2. the protected-resource metadata (RFC 9728): the issuer to ask, the scopes");
    out.println("curl -s " + app.metadataUri());
    out.println();
    out.println("# 3. a token for this resource (RFC 8707 resource, client credentials)");
    out.println(
        "curl -s "
            + issuer.tokenUri()
            + " -d grant_type=client_credentials -d client_id=demo"
            + " -d scope="
            + SCOPE
            + " -d resource="
            + resource);
    out.println();
    out.println(
        "# 4. initialize with a token: expect 200 and an Mcp-Session-Id (this one lasts 24 h)");
    out.println(post + " -H 'Authorization: Bearer " + token + "'");
    out.println();
    ExampleMain.printStop(out);
  }

  private static McpTransportContext transportContext(HttpServletRequest request) {
    Principal user = request.getUserPrincipal();
    return user == null
        ? McpTransportContext.EMPTY
        : McpTransportContext.create(Map.of(USER, user));
  }

  private static McpServerFeatures.SyncToolSpecification listBooks() {
    McpSchema.Tool tool =
        McpSchema.Tool.builder(LIST_BOOKS, Map.of("type", "object", "properties", Map.of()))
            .description("Lists the titles of the books on the shelf.")
            .build();
    return McpServerFeatures.SyncToolSpecification.builder()
        .tool(tool)
        .callHandler(
            (exchange, request) -> {
              McpSchema.CallToolResult.Builder result =
                  McpSchema.CallToolResult.builder()
                      .addContent(McpSchema.TextContent.builder(BOOKS_JSON).build());
              // Who asked, as the filter in front of /mcp/* authenticated them.
              if (exchange.transportContext().get(USER) instanceof Principal user) {
                result.meta(Map.of(USER, user.getName()));
              }
              return result.build();
            })
        .build();
  }

  private static void stopQuietly(Server server, McpSyncServer mcp) {
    try {
      mcp.close();
      server.stop();
    } catch (Exception ignored) {
      // already failing; the caller reports the first error
    }
  }

  /** The started server; closing it closes the MCP sessions and stops Jetty. */
  public static final class Running implements RunningExample {
    private final Server server;
    private final McpSyncServer mcp;
    private final Guard guard;
    private final int port;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Running(Server server, McpSyncServer mcp, Guard guard, int port) {
      this.server = server;
      this.mcp = mcp;
      this.guard = guard;
      this.port = port;
    }

    /** The resource identifier tokens must name in {@code aud}. */
    public String resource() {
      return mcpUri().toString();
    }

    /** The port Jetty listens on, on 127.0.0.1. */
    public int port() {
      return port;
    }

    /** Where the server listens, such as {@code http://127.0.0.1:8080/}. */
    @Override
    public URI baseUri() {
      return URI.create("http://127.0.0.1:" + port + "/");
    }

    /** Where the protected-resource metadata is, as the filter's challenges say. */
    public URI metadataUri() {
      return baseUri().resolve(".well-known/oauth-protected-resource" + MCP_PATH);
    }

    /** The MCP endpoint, such as {@code http://127.0.0.1:8080/mcp}. */
    public URI mcpUri() {
      return baseUri().resolve(MCP_PATH.substring(1));
    }

    @Override
    public void close() {
      if (!closed.compareAndSet(false, true)) {
        return;
      }
      // Closes the sessions, their open SSE streams and the keep-alive schedule; Jetty's
      // destroy() of the servlet would do it again.
      mcp.closeGracefully();
      try {
        server.stop();
      } catch (Exception e) {
        throw new IllegalStateException("Jetty did not stop", e);
      } finally {
        guard.verifier().close();
      }
    }
  }
}
