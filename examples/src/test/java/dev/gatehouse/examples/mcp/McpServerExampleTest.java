package dev.gatehouse.examples.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.McpHttpClientTransportAuthorizationException;
import io.modelcontextprotocol.client.transport.customizer.McpHttpClientTransportAuthorizationErrorHandler;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.security.Principal;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.junit.jupiter.api.Test;

/**
 * The MCP example answers the SDK's own client over Streamable HTTP, a bearer token reaches it on
 * every request, and a 401 or 403 from a filter in front of {@code /mcp/*} reaches the client.
 */
final class McpServerExampleTest {
  private static final String TOKEN = "xyz";
  private static final String READ_ONLY_TOKEN = "read-only";

  @Test
  void listsAndCallsTheToolWithTheBearerTokenOnEveryRequest() {
    BearerFilter filter = new BearerFilter();
    try (McpServerExample.Running app = McpServerExample.start(0, filter::install)) {
      try (McpSyncClient client = client(app, () -> TOKEN, null)) {
        McpSchema.InitializeResult init = client.initialize();
        assertThat(init.serverInfo().name()).isEqualTo("gatehouse-mcp-example");

        McpSchema.ListToolsResult tools = client.listTools();
        assertThat(tools.tools())
            .extracting(McpSchema.Tool::name)
            .containsExactly(McpServerExample.LIST_BOOKS);

        McpSchema.CallToolResult result =
            client.callTool(McpSchema.CallToolRequest.builder(McpServerExample.LIST_BOOKS).build());
        assertThat(result.isError()).isFalse();
        assertThat(result.content())
            .singleElement()
            .isInstanceOfSatisfying(
                McpSchema.TextContent.class,
                text -> assertThat(text.text()).isEqualTo("[\"Dune\",\"Emma\"]"));
        assertThat(result.meta()).containsEntry(McpServerExample.USER, "alice");
      }
    }
    // initialize, notifications/initialized, tools/list, tools/call; the SSE GET and the closing
    // DELETE race the calls, so they are not counted, but they too carried the token.
    assertThat(filter.seen.stream().filter(r -> r.method().equals("POST"))).hasSizeGreaterThan(3);
    assertThat(filter.seen)
        .allSatisfy(r -> assertThat(r.authorization()).isEqualTo("Bearer " + TOKEN));
  }

  @Test
  void aMissingTokenFailsInitializeWithTheStatusAndChallengeOf401() {
    BearerFilter filter = new BearerFilter();
    try (McpServerExample.Running app = McpServerExample.start(0, filter::install);
        McpSyncClient client = client(app, () -> null, null)) {
      assertThatThrownBy(client::initialize)
          .isExactlyInstanceOf(RuntimeException.class)
          .hasMessage("Client failed to initialize by explicit API call")
          .cause()
          .isInstanceOfSatisfying(
              McpHttpClientTransportAuthorizationException.class,
              e -> {
                assertThat(e).hasMessage("Authorization error when sending message");
                assertThat(e.getResponseInfo().statusCode()).isEqualTo(401);
                assertThat(e.getResponseInfo().headers().firstValue("WWW-Authenticate"))
                    .hasValue(filter.challenge(app));
                assertThat(e.getRequestSnapshot().method()).isEqualTo("POST");
                assertThat(e.getRequestSnapshot().requestUri()).isEqualTo(app.mcpUri());
                assertThat(e.getRequestSnapshot().headers().firstValue("Authorization")).isEmpty();
              });
    }
    assertThat(filter.seen).containsExactly(new Seen("POST", null));
  }

  @Test
  void aForbiddenTokenFailsTheSameWayWith403() {
    BearerFilter filter = new BearerFilter();
    try (McpServerExample.Running app = McpServerExample.start(0, filter::install);
        McpSyncClient client = client(app, () -> READ_ONLY_TOKEN, null)) {
      assertThatThrownBy(client::initialize)
          .cause()
          .isInstanceOfSatisfying(
              McpHttpClientTransportAuthorizationException.class,
              e -> {
                assertThat(e.getResponseInfo().statusCode()).isEqualTo(403);
                assertThat(e.getResponseInfo().headers().firstValue("WWW-Authenticate"))
                    .hasValue("Bearer error=\"insufficient_scope\", scope=\"books\"");
              });
    }
  }

  @Test
  void anAuthorizationErrorHandlerSeesThe401AndCanRetryWithAnotherToken() {
    BearerFilter filter = new BearerFilter();
    AtomicReference<String> token = new AtomicReference<>("expired");
    Queue<HttpResponse.ResponseInfo> refusals = new ConcurrentLinkedQueue<>();
    McpHttpClientTransportAuthorizationErrorHandler refresh =
        McpHttpClientTransportAuthorizationErrorHandler.fromSync(
            (request, response, context) -> {
              refusals.add(response);
              token.set(TOKEN); // where a real client would follow resource_metadata to a token
              return true; // replay the request; the default handler allows one retry
            });
    try (McpServerExample.Running app = McpServerExample.start(0, filter::install);
        McpSyncClient client = client(app, token::get, refresh)) {
      client.initialize();
      assertThat(client.listTools().tools()).hasSize(1);

      assertThat(refusals)
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.statusCode()).isEqualTo(401);
                assertThat(r.headers().firstValue("WWW-Authenticate"))
                    .hasValue(filter.challenge(app));
              });
    }
    assertThat(filter.seen.peek()).isEqualTo(new Seen("POST", "Bearer expired"));
  }

  @Test
  void closingStopsEveryThreadThatWouldOutliveTheServer() {
    Set<Thread> before = liveNonDaemonThreads();
    try (McpServerExample.Running app = McpServerExample.start(0);
        McpSyncClient client = client(app, () -> TOKEN, null)) {
      client.initialize();
      client.listTools();
    }
    assertThat(liveNonDaemonThreads()).isSubsetOf(before);
  }

  private static Set<Thread> liveNonDaemonThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && !t.isDaemon())
        .collect(Collectors.toSet());
  }

  /**
   * The SDK client on its JDK-HttpClient Streamable HTTP transport, adding {@code Authorization:
   * Bearer <token>} to every request (POST, the SSE GET, DELETE) when {@code token} gives one.
   */
  private static McpSyncClient client(
      McpServerExample.Running app,
      Supplier<String> token,
      McpHttpClientTransportAuthorizationErrorHandler onAuthorizationError) {
    HttpClientStreamableHttpTransport.Builder transport =
        HttpClientStreamableHttpTransport.builder(app.baseUri().toString())
            .endpoint(McpServerExample.MCP_PATH)
            .addHttpRequestCustomizer(
                (request, method, uri, body, context) -> {
                  String current = token.get();
                  if (current != null) {
                    request.setHeader("Authorization", "Bearer " + current);
                  }
                });
    if (onAuthorizationError != null) {
      transport.authorizationErrorHandler(onAuthorizationError);
    }
    return McpClient.sync(transport.build())
        .requestTimeout(Duration.ofSeconds(10))
        .initializationTimeout(Duration.ofSeconds(10))
        .build();
  }

  private record Seen(String method, String authorization) {}

  /**
   * What Gatehouse's filter will do, reduced to one token: 401 with a challenge pointing at
   * protected resource metadata (RFC 9728) without a token or with a wrong one, 403 for the
   * read-only token, and otherwise on to the MCP servlet with "alice" as the user principal.
   */
  private static final class BearerFilter implements Filter {
    final Queue<Seen> seen = new ConcurrentLinkedQueue<>();

    void install(ServletContextHandler context) {
      FilterHolder holder = new FilterHolder(this);
      // Without this, the SDK servlet's startAsync() fails for every request through the filter.
      holder.setAsyncSupported(true);
      context.addFilter(holder, "/mcp/*", EnumSet.of(DispatcherType.REQUEST));
    }

    String challenge(McpServerExample.Running app) {
      return "Bearer resource_metadata=\""
          + app.baseUri().resolve(".well-known/oauth-protected-resource/mcp")
          + "\"";
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
        throws IOException, ServletException {
      HttpServletRequest request = (HttpServletRequest) req;
      HttpServletResponse response = (HttpServletResponse) res;
      String authorization = request.getHeader("Authorization");
      seen.add(new Seen(request.getMethod(), authorization));
      if (("Bearer " + READ_ONLY_TOKEN).equals(authorization)) {
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        response.setHeader(
            "WWW-Authenticate", "Bearer error=\"insufficient_scope\", scope=\"books\"");
        return;
      }
      if (!("Bearer " + TOKEN).equals(authorization)) {
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        String base =
            request.getScheme() + "://" + request.getServerName() + ":" + request.getServerPort();
        response.setHeader(
            "WWW-Authenticate",
            "Bearer resource_metadata=\"" + base + "/.well-known/oauth-protected-resource/mcp\"");
        return;
      }
      chain.doFilter(new Authenticated(request, "alice"), response);
    }
  }

  private static final class Authenticated extends HttpServletRequestWrapper {
    private final Principal user;

    Authenticated(HttpServletRequest request, String name) {
      super(request);
      this.user = () -> name;
    }

    @Override
    public Principal getUserPrincipal() {
      return user;
    }
  }
}
