package dev.gatehouse.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.testkit.MockIssuer;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The no-argument filter, as web.xml creates it, configured by init-params only (issues 2-4). */
final class InitParamsTest {
  private static MockIssuer issuer;
  private static MockIssuer second;

  @BeforeAll
  static void start() {
    issuer = MockIssuer.start();
    second = MockIssuer.builder().audience("reports").start();
  }

  @AfterAll
  static void stop() {
    issuer.close();
    second.close();
  }

  private static Map<String, String> params(String... pairs) {
    Map<String, String> params = new HashMap<>();
    params.put("issuer", issuer.issuer());
    params.put("jwks-uri", issuer.jwksUri().toString());
    params.put("audience", "api");
    for (int i = 0; i < pairs.length; i += 2) {
      params.put(pairs[i], pairs[i + 1]);
    }
    return params;
  }

  @Test
  void filterConfiguredByInitParamsProtectsTheApplication() {
    Map<String, String> params =
        params(
            "audience", "other, api",
            "algorithms", "ES256,RS256",
            "leeway-seconds", "10",
            "exclude-paths", "/health, /public/*",
            "required-scopes", "books.read",
            "roles-claim", "groups",
            "jwks-ttl-seconds", "10",
            "jwks-refresh-cooldown-seconds", "5",
            "jwks-max-stale-seconds", "60",
            "jwks-timeout-millis", "2000",
            "token-cache-size", "100",
            "token-cache-max-seconds", "60",
            "signature-provider", "jdk",
            "realm", "books");
    try (TestServer server = TestServer.start(RequireAuthFilter.class, params)) {
      assertThat(server.get("/health").statusCode()).isEqualTo(200);
      assertThat(server.get("/books").headers().firstValue("WWW-Authenticate"))
          .hasValue("Bearer realm=\"books\", scope=\"books.read\"");
      assertThat(
              server
                  .bearer(
                      "/books",
                      issuer
                          .token()
                          .scopes("books.read")
                          .claim("groups", java.util.List.of("admin"))
                          .sign())
                  .body())
          .isEqualTo(
              "user=user-1 type=Bearer principal=user-1 auth=user-1 failure=null admin=true");
      assertThat(server.bearer("/books", issuer.token().sign()).statusCode()).isEqualTo(403);
    }
  }

  @Test
  void numberedParamsConfigureSeveralIssuers() {
    Map<String, String> params = new HashMap<>();
    params.put("issuer.1", issuer.issuer());
    params.put("jwks-uri.1", issuer.jwksUri().toString());
    params.put("issuer.2", second.issuer());
    params.put("jwks-uri.2", second.jwksUri().toString());
    params.put("audience.2", "reports");
    params.put("audience", "api");
    try (TestServer server = TestServer.start(RequireAuthFilter.class, params)) {
      assertThat(server.bearer("/x", issuer.token("a")).statusCode()).isEqualTo(200);
      assertThat(server.bearer("/x", second.token("b")).statusCode()).isEqualTo(200);
      assertThat(server.bearer("/x", second.token().audience("api").sign()).statusCode())
          .isEqualTo(401);
    }
  }

  @Test
  void modeOptionalFromInitParam() {
    try (TestServer server =
        TestServer.start(RequireAuthFilter.class, params("mode", "optional"))) {
      HttpResponse<String> response = server.get("/x");
      assertThat(response.statusCode()).isEqualTo(200);
    }
  }

  @Test
  void missingIssuerFailsInitNamingTheParam() {
    assertThat(initFailure(Map.of("jwks-uri", "https://idp.example/jwks")))
        .contains("missing setting: issuer");
  }

  @Test
  void missingAudienceFailsInitNamingTheSetting() {
    Map<String, String> params = params();
    params.remove("audience");

    assertThat(initFailure(params)).contains("missing setting: audience").contains("audience=*");
    params.put("audience", "*");
    dev.gatehouse.Guard anyAudience = dev.gatehouse.Settings.guard(params);
    assertThat(anyAudience.verifier()).isNotNull();
    anyAudience.verifier().close();
  }

  @Test
  void invalidOrUnknownParamsFailInitNamingThem() {
    assertThat(initFailure(params("leeway-seconds", "soon")))
        .contains("leeway-seconds must be an integer");
    assertThat(initFailure(params("algorithms", "HS256"))).contains("algorithms").contains("HS256");
    assertThat(initFailure(params("jwks-uri", "http://idp.example/jwks")))
        .contains("jwks-uri")
        .contains("http://idp.example/jwks");
    assertThat(initFailure(params("jwks_uri", "x"))).contains("unknown setting: jwks_uri");
    assertThat(initFailure(params("mode", "lenient")))
        .contains("mode must be one of [required, optional, annotate]: lenient");
    assertThat(initFailure(params("exclude-paths", "/a*b"))).contains("exclude-paths");
    assertThat(initFailure(params("jwks-ttl-seconds", "0"))).contains("jwks-ttl-seconds");
    assertThat(initFailure(params("jwks-ttl-seconds", "10", "jwks-refresh-cooldown-seconds", "60")))
        .contains("jwks-refresh-cooldown-seconds")
        .contains("jwks-ttl-seconds");
  }

  /** Initialises the filter the way a container does and returns the failure's message. */
  private static String initFailure(Map<String, String> params) {
    ServletContextHandler context = new ServletContextHandler();
    ServletHandler handler = context.getServletHandler();
    FilterHolder holder = new FilterHolder(RequireAuthFilter.class);
    holder.setInitParameters(params);
    holder.setName("gatehouse");
    handler.addFilter(holder);
    Throwable failure = null;
    try {
      holder.start();
      holder.initialize();
    } catch (Exception e) {
      failure = e;
    }
    assertThat(failure).as("init must fail").isNotNull();
    Throwable root = failure;
    while (!(root instanceof jakarta.servlet.ServletException) && root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage();
  }

  @Test
  void filterUsedBeforeInitFailsClosed() {
    assertThatThrownBy(() -> new RequireAuthFilter().doFilter(null, null, null))
        .isInstanceOf(jakarta.servlet.ServletException.class)
        .hasMessageContaining("before init");
  }
}
