package dev.gatehouse.examples.mcp;

import dev.gatehouse.examples.RunningExample;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.security.Principal;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * An MCP server on embedded Jetty 12 (ee10): the MCP Java SDK's servlet Streamable HTTP transport
 * at {@value #MCP_PATH}, with one tool, {@value #LIST_BOOKS}.
 *
 * <p>Not protected yet: {@link #start(int, Consumer)} lets the caller add a servlet filter in front
 * of {@code /mcp/*} (Gatehouse's {@code RequireAuthFilter}, later). Tests start it on port 0:
 *
 * {@snippet :
 * try (McpServerExample.Running mcp = McpServerExample.start(0)) {
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

  /** What {@value #LIST_BOOKS} answers. */
  public static final String BOOKS_JSON = "[\"Dune\",\"Emma\"]";

  private McpServerExample() {}

  /** Starts the MCP server on 127.0.0.1:{@code port} (0: any free port), unprotected. */
  public static Running start(int port) {
    return start(port, context -> {});
  }

  /**
   * Starts the MCP server on 127.0.0.1:{@code port} (0: any free port).
   *
   * @param beforeStart called with the servlet context before Jetty starts, after the MCP servlet
   *     is mounted: add the filter that guards {@code /mcp/*} here. Such a filter must be {@code
   *     FilterHolder.setAsyncSupported(true)} since the SDK servlet answers asynchronously.
   * @throws IllegalStateException if Jetty does not start, such as when the port is taken
   */
  public static Running start(int port, Consumer<ServletContextHandler> beforeStart) {
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
            .serverInfo("gatehouse-mcp-example", "0.1.0")
            .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
            .tools(listBooks())
            .build();

    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    server.addConnector(connector);

    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    ServletHolder holder = new ServletHolder("mcp", transport);
    // The SDK servlet calls startAsync() for every SSE answer; a programmatic ServletHolder does
    // not read its @WebServlet(asyncSupported = true).
    holder.setAsyncSupported(true);
    context.addServlet(holder, MCP_PATH);
    // The place for the guard: a FilterHolder(new RequireAuthFilter(guard)), async supported,
    // on "/mcp/*" (which matches "/mcp" too).
    beforeStart.accept(context);
    server.setHandler(context);

    try {
      server.start();
    } catch (Exception e) {
      stopQuietly(server, mcp);
      throw new IllegalStateException("Jetty did not start on port " + port, e);
    }
    return new Running(server, mcp, connector.getLocalPort());
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
    private final int port;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Running(Server server, McpSyncServer mcp, int port) {
      this.server = server;
      this.mcp = mcp;
      this.port = port;
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
      }
    }
  }
}
