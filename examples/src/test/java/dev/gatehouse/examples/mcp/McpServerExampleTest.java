package dev.gatehouse.examples.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testkit.MockIssuer;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.McpHttpClientTransportAuthorizationException;
import io.modelcontextprotocol.client.transport.customizer.McpHttpClientTransportAuthorizationErrorHandler;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jose4j.json.JsonUtil;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The MCP example behind Gatehouse, driven by the MCP Java SDK's own client. The SDK's client has
 * no OAuth flow of its own (2.1.0), so its authorization-error hook follows MCP's authorization
 * spec step by step: the 401's {@code resource_metadata}, the protected-resource metadata (RFC
 * 9728), the issuer's metadata (RFC 8414), a token for the resource (RFC 8707) with the scopes of
 * the challenge, then the call again.
 */
final class McpServerExampleTest {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final Pattern PARAMETER = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  private static MockIssuer issuer;
  private static McpServerExample.Running app;

  @BeforeAll
  static void start() {
    issuer = MockIssuer.start();
    app = McpServerExample.start(issuer, 0);
  }

  @AfterAll
  static void stop() {
    app.close();
    issuer.close();
  }

  @Test
  void aClientFollowsTheChallengeToATokenAndCallsTheTool() throws Exception {
    AtomicReference<String> token = new AtomicReference<>();
    Queue<HttpResponse.ResponseInfo> refusals = new ConcurrentLinkedQueue<>();
    McpHttpClientTransportAuthorizationErrorHandler discover =
        McpHttpClientTransportAuthorizationErrorHandler.fromSync(
            (request, response, context) -> {
              refusals.add(response);
              if (response.statusCode() != 401) {
                return false;
              }
              token.set(tokenFor(response, "mcp-client", null, null));
              return true;
            });
    try (McpSyncClient client = client(token::get, discover)) {
      assertThat(client.initialize().serverInfo().name()).isEqualTo("gatehouse-mcp-example");
      assertThat(client.listTools().tools())
          .extracting(McpSchema.Tool::name)
          .containsExactly(McpServerExample.LIST_BOOKS);
      McpSchema.CallToolResult result =
          client.callTool(McpSchema.CallToolRequest.builder(McpServerExample.LIST_BOOKS).build());
      assertThat(result.isError()).isFalse();
      assertThat(result.content())
          .singleElement()
          .isInstanceOfSatisfying(
              McpSchema.TextContent.class,
              text -> assertThat(text.text()).isEqualTo(McpServerExample.BOOKS_JSON));
      // The tool sees who called: the Auth the filter verified.
      assertThat(result.meta()).containsEntry(McpServerExample.USER, "mcp-client");
    }
    assertThat(refusals)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.statusCode()).isEqualTo(401);
              assertThat(r.headers().firstValue("WWW-Authenticate"))
                  .hasValue(
                      "Bearer scope=\"books.read\", resource_metadata=\""
                          + app.metadataUri()
                          + "\"");
            });
  }

  @Test
  void theMetadataNamesTheResourceTheIssuerAndTheScope() throws Exception {
    Map<String, Object> doc = json(get(app.metadataUri()));
    assertThat(doc)
        .containsEntry("resource", app.resource())
        .containsEntry("authorization_servers", List.of(issuer.issuer()))
        .containsEntry("scopes_supported", List.of(McpServerExample.SCOPE))
        .containsEntry("bearer_methods_supported", List.of("header"))
        .containsEntry("resource_name", "Gatehouse MCP example");
    assertThat(json(get(app.baseUri().resolve(".well-known/oauth-protected-resource"))))
        .isEqualTo(doc);
  }

  @Test
  void aTokenForAnotherResourceIsRefused() throws Exception {
    String elsewhere = tokenFor(null, "mcp-client", "http://127.0.0.1:9/other", null);
    McpHttpClientTransportAuthorizationException refused = refusal(elsewhere);
    assertThat(refused.getResponseInfo().statusCode()).isEqualTo(401);
    assertThat(refused.getResponseInfo().headers().firstValue("WWW-Authenticate"))
        .hasValue(
            "Bearer error=\"invalid_token\", error_description=\"audience not accepted\","
                + " scope=\"books.read\", resource_metadata=\""
                + app.metadataUri()
                + "\"");
  }

  @Test
  void aTokenWithoutTheToolsScopeGets403NamingIt() throws Exception {
    String weak = tokenFor(null, "mcp-client", app.resource(), "profile");
    McpHttpClientTransportAuthorizationException refused = refusal(weak);
    assertThat(refused.getResponseInfo().statusCode()).isEqualTo(403);
    assertThat(refused.getResponseInfo().headers().firstValue("WWW-Authenticate"))
        .hasValue(
            "Bearer error=\"insufficient_scope\", error_description=\"token lacks a required"
                + " scope\", scope=\"books.read\", resource_metadata=\""
                + app.metadataUri()
                + "\"");
  }

  @Test
  void theBannerPrintsEveryStep() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    McpServerExample.printBanner(new PrintStream(bytes, true, StandardCharsets.UTF_8), issuer, app);
    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .contains(
            "curl -s " + app.metadataUri(),
            issuer.tokenUri().toString(),
            "-d resource=" + app.resource(),
            "Authorization: Bearer ",
            "Press Ctrl+C to stop");
  }

  @Test
  void closingStopsEveryThreadThatWouldOutliveTheServer() throws Exception {
    Set<Thread> before = liveNonDaemonThreads();
    try (MockIssuer own = MockIssuer.start();
        McpServerExample.Running other = McpServerExample.start(own, 0)) {
      String token =
          own.token().subject("a").audience(other.resource()).scopes(McpServerExample.SCOPE).sign();
      try (McpSyncClient client = client(other, () -> token, null)) {
        client.initialize();
        client.listTools();
      }
    }
    assertThat(liveNonDaemonThreads()).isSubsetOf(before);
  }

  private static McpHttpClientTransportAuthorizationException refusal(String token) {
    try (McpSyncClient client = client(() -> token, null)) {
      Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(client::initialize);
      assertThat(thrown).cause().isInstanceOf(McpHttpClientTransportAuthorizationException.class);
      return (McpHttpClientTransportAuthorizationException) thrown.getCause();
    }
  }

  /**
   * MCP authorization, client side: the metadata the challenge names (or, without a challenge, the
   * example's), the issuer's RFC 8414 metadata, and a client-credentials token for {@code resource}
   * (default the metadata's) with {@code scope} (default the challenge's).
   */
  private static String tokenFor(
      HttpResponse.ResponseInfo refusal, String clientId, String resource, String scope) {
    try {
      Map<String, String> challenge =
          refusal == null
              ? Map.of("resource_metadata", app.metadataUri().toString())
              : parameters(refusal.headers().firstValue("WWW-Authenticate").orElseThrow());
      Map<String, Object> metadata = json(get(URI.create(challenge.get("resource_metadata"))));
      @SuppressWarnings("unchecked")
      String server = ((List<String>) metadata.get("authorization_servers")).get(0);
      URI issuerUri = URI.create(server);
      URI wellKnown =
          issuerUri.resolve(
              "/.well-known/oauth-authorization-server"
                  + (issuerUri.getRawPath() == null ? "" : issuerUri.getRawPath()));
      Map<String, Object> serverMetadata = json(get(wellKnown));
      assertThat(serverMetadata.get("issuer")).isEqualTo(server);
      String form =
          "grant_type=client_credentials&client_id="
              + encode(clientId)
              + "&resource="
              + encode(resource != null ? resource : (String) metadata.get("resource"))
              + "&scope="
              + encode(scope != null ? scope : challenge.getOrDefault("scope", ""));
      HttpResponse<String> answer =
          HTTP.send(
              HttpRequest.newBuilder(URI.create((String) serverMetadata.get("token_endpoint")))
                  .timeout(Duration.ofSeconds(5))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(HttpRequest.BodyPublishers.ofString(form))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).isEqualTo(200);
      return (String) json(answer.body()).get("access_token");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, String> parameters(String challenge) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    Matcher m = PARAMETER.matcher(challenge);
    while (m.find()) {
      out.put(m.group(1), m.group(2));
    }
    return out;
  }

  private static String get(URI uri) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(uri.toString()).isEqualTo(200);
    return response.body();
  }

  private static Map<String, Object> json(String body) {
    try {
      return JsonUtil.parseJson(body);
    } catch (JoseException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static Set<Thread> liveNonDaemonThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && !t.isDaemon())
        .collect(Collectors.toSet());
  }

  private static McpSyncClient client(
      Supplier<String> token, McpHttpClientTransportAuthorizationErrorHandler onError) {
    return client(app, token, onError);
  }

  /**
   * The SDK client on its JDK-HttpClient Streamable HTTP transport, adding {@code Authorization:
   * Bearer <token>} to every request (POST, the SSE GET, DELETE) once {@code token} gives one.
   */
  private static McpSyncClient client(
      McpServerExample.Running server,
      Supplier<String> token,
      McpHttpClientTransportAuthorizationErrorHandler onAuthorizationError) {
    HttpClientStreamableHttpTransport.Builder transport =
        HttpClientStreamableHttpTransport.builder(server.baseUri().toString())
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
}
