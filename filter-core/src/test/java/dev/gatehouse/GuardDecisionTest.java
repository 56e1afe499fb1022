package dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.testkit.MockIssuer;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The core decision path of issue 11, judged on request views: every rule the adapters rely on,
 * whatever the runtime. The adapters' own tests send the same requests through real servers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class GuardDecisionTest {
  private MockIssuer issuer;
  private TokenVerifier verifier;

  @BeforeAll
  void start() {
    issuer = MockIssuer.start();
    verifier = TestVerifiers.of(issuer);
  }

  @AfterAll
  void stop() {
    issuer.close();
  }

  /** A view with these headers (name, value pairs) and query parameters. */
  private static RequestView.Builder view(String method, String path, String... headers) {
    Map<String, List<String>> map = new HashMap<>();
    for (int i = 0; i < headers.length; i += 2) {
      map.computeIfAbsent(headers[i].toLowerCase(Locale.ROOT), k -> new java.util.ArrayList<>())
          .add(headers[i + 1]);
    }
    return RequestView.builder(method, path)
        .headers(name -> map.get(name.toLowerCase(Locale.ROOT)));
  }

  private static int status(Decision decision) {
    return decision instanceof Decision.Refuse refuse ? refuse.rejection().status() : 200;
  }

  private String bearer(String... scopes) {
    return "Bearer " + issuer.token().scopes(scopes).sign();
  }

  @Test
  void headIsJudgedByTheGetRules() {
    Guard guard =
        Guard.builder(verifier)
            .rule(new RouteRule("GET", "/reports/*", Requirement.scopes("reports.read")))
            .build();

    assertThat(status(guard.decide(view("HEAD", "/reports/1", "Authorization", bearer()).build())))
        .isEqualTo(403);
    assertThat(
            status(
                guard.decide(
                    view("HEAD", "/reports/1", "Authorization", bearer("reports.read")).build())))
        .isEqualTo(200);
  }

  @ParameterizedTest
  @ValueSource(strings = {"X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override"})
  void methodOverrideHeaderMustPassTheRulesOfBothMethods(String header) {
    Guard guard =
        Guard.builder(verifier)
            .rule(new RouteRule("DELETE", "/orders/*", Requirement.scopes("orders.delete")))
            .build();

    Decision decision =
        guard.decide(
            view("POST", "/orders/1", "Authorization", bearer(), header, "DELETE").build());

    assertThat(status(decision)).isEqualTo(403);
  }

  @Test
  void methodOverrideQueryParameterOnPostMustPassTheRulesOfBothMethods() {
    Guard guard =
        Guard.builder(verifier)
            .rule(new RouteRule("DELETE", "/orders/*", Requirement.scopes("orders.delete")))
            .build();
    RequestView view =
        view("POST", "/orders/1", "Authorization", bearer())
            .queryParameters(name -> name.equals("_method") ? List.of("delete") : List.of())
            .build();

    assertThat(status(guard.decide(view))).isEqualTo(403);
  }

  @Test
  void malformedMethodOverrideIsRefusedWith400() {
    Guard guard = Guard.builder(verifier).build();

    assertThat(
            status(
                guard.decide(
                    view(
                            "POST",
                            "/x",
                            "Authorization",
                            bearer(),
                            "X-HTTP-Method-Override",
                            "DE LETE")
                        .build())))
        .isEqualTo(400);
  }

  @Test
  void onlyAnOptionsRequestWithOriginAndAMethodTokenIsAPreflight() {
    Guard guard = Guard.builder(verifier).build();

    assertThat(
            status(
                guard.decide(
                    view(
                            "OPTIONS",
                            "/x",
                            "Origin",
                            "https://a",
                            "Access-Control-Request-Method",
                            "PUT")
                        .build())))
        .isEqualTo(200);
    assertThat(
            status(
                guard.decide(
                    view("OPTIONS", "/x", "Origin", "", "Access-Control-Request-Method", "")
                        .build())))
        .isEqualTo(401);
    assertThat(
            status(
                guard.decide(
                    view(
                            "OPTIONS",
                            "/x",
                            "Origin",
                            "https://a",
                            "Access-Control-Request-Method",
                            "P T")
                        .build())))
        .isEqualTo(401);
    assertThat(
            status(
                guard.decide(
                    view(
                            "OPTIONS",
                            "/x",
                            "Origin",
                            "https://a",
                            "Access-Control-Request-Method",
                            "PUT")
                        .dispatch(RequestView.Dispatch.INCLUDE)
                        .build())))
        .isEqualTo(401);
  }

  @Test
  void exactRuleCoversTheTrailingSlash() {
    Guard guard =
        Guard.builder(verifier)
            .rule(new RouteRule("GET", "/api/audit", Requirement.scopes("audit")))
            .build();

    assertThat(status(guard.decide(view("GET", "/api/audit/", "Authorization", bearer()).build())))
        .isEqualTo(403);
    assertThat(status(guard.decide(view("GET", "/api//audit", "Authorization", bearer()).build())))
        .isEqualTo(403);
  }

  @Test
  void encodedSlashStaysInsideItsSegment() {
    Guard guard = Guard.builder(verifier).excludePaths("/public/*").build();
    RequestView view = RequestView.builder("GET", List.of("public/x", "admin")).build();

    assertThat(status(guard.decide(view))).isEqualTo(401);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/public/../admin", "/public/./x", "/a/\u0000"})
  void dotSegmentsAndControlCharactersAreRefusedWith400(String path) {
    Guard guard = Guard.builder(verifier).excludePaths("/public/*").build();

    assertThat(status(guard.decide(view("GET", path.replace("\\u0000", "\u0000")).build())))
        .isEqualTo(400);
  }

  @ParameterizedTest
  @ValueSource(strings = {"*", "/*", "*.css", "/static/ *", "/a b", "/a//b", "/a/*/b", "/a/../b"})
  void excludePathsThatCouldOpenTheApplicationAreRefused(String pattern) {
    assertThatThrownBy(() -> Guard.builder(verifier).excludePaths(pattern))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(pattern.strip().isEmpty() ? "" : "'");
  }

  @Test
  void excludePathsSettingSplitsOnCommasOnly() {
    assertThatThrownBy(
            () ->
                Settings.guard(
                    Map.of(
                        "issuer",
                        issuer.issuer(),
                        "jwks-uri",
                        issuer.jwksUri().toString(),
                        "audience",
                        "api",
                        "exclude-paths",
                        "/public /*")))
        .hasMessageContaining("whitespace");
    assertThatThrownBy(
            () ->
                Settings.guard(
                    Map.of(
                        "issuer",
                        issuer.issuer(),
                        "jwks-uri",
                        issuer.jwksUri().toString(),
                        "audience",
                        "api",
                        "exclude-paths",
                        "/health, *")))
        .hasMessageContaining("mode=optional");
  }

  @Test
  void extensionPatternMatchesOnlyBelowItsPrefix() {
    Guard guard = Guard.builder(verifier).excludePaths("/assets/*.css").build();

    assertThat(status(guard.decide(view("GET", "/assets/site.css").build()))).isEqualTo(200);
    assertThat(status(guard.decide(view("GET", "/assets/a/site.css").build()))).isEqualTo(200);
    assertThat(status(guard.decide(view("GET", "/api/orders/42.css").build()))).isEqualTo(401);
    assertThat(status(guard.decide(view("GET", "/assets/.css").build()))).isEqualTo(401);
    assertThat(status(guard.decide(view("GET", "/assets/site.js").build()))).isEqualTo(401);
  }

  @Test
  void headerWithoutSchemeNeverHitsTheCacheOfAQueryToken() {
    Guard guard = Guard.builder(verifier).acceptQueryToken(true).build();
    String token = issuer.token().sign();
    RequestView byQuery =
        RequestView.builder("GET", "/x")
            .queryParameters(name -> name.equals("access_token") ? List.of(token) : List.of())
            .build();
    assertThat(status(guard.decide(byQuery))).isEqualTo(200);

    assertThat(status(guard.decide(view("GET", "/x", "Authorization", token).build())))
        .isEqualTo(401);
  }

  @Test
  void declaredRequirementsAddToTheRouteRules() {
    Guard guard =
        Guard.builder(verifier)
            .excludePaths("/public/*")
            .rule(RouteRule.any("/admin/*", Requirement.scopes("admin")))
            .build();

    RequestView excludedButDeclared =
        view("GET", "/public/x", "Authorization", bearer())
            .declared(Requirement.scopes("reports"))
            .build();
    assertThat(status(guard.decide(excludedButDeclared))).isEqualTo(403);
    RequestView permitAllUnderARule =
        view("GET", "/admin/x", "Authorization", bearer()).permitAll(true).build();
    assertThat(status(guard.decide(permitAllUnderARule))).isEqualTo(403);
    assertThat(status(guard.decide(view("GET", "/other").permitAll(true).build()))).isEqualTo(200);
  }

  @Test
  void rolesAndDenialAreForbiddenWithTheirOwnCode() {
    Guard guard = Guard.builder(verifier).build();
    String token = "Bearer " + issuer.token().roles("clerk").sign();

    Decision lacksRole =
        guard.decide(
            view("GET", "/x", "Authorization", token)
                .declared(Requirement.anyRole(List.of("manager")))
                .build());
    assertThat(status(lacksRole)).isEqualTo(403);
    assertThat(((Decision.Refuse) lacksRole).rejection().body().content())
        .contains("access_denied");
    assertThat(((Decision.Refuse) lacksRole).rejection().headers())
        .doesNotContainKey("WWW-Authenticate");
    Decision hasRole =
        guard.decide(
            view("GET", "/x", "Authorization", token)
                .declared(Requirement.anyRole(List.of("manager", "clerk")))
                .build());
    assertThat(status(hasRole)).isEqualTo(200);
    assertThat(status(guard.decide(view("GET", "/x").declared(Requirement.DENIED).build())))
        .isEqualTo(403);
  }

  @Test
  void aBrokenRendererStillRefuses() {
    Guard throwing =
        Guard.builder(verifier)
            .renderer(
                failure -> {
                  throw new AssertionError("broken");
                })
            .build();
    Guard returningNull = Guard.builder(verifier).renderer(failure -> null).build();

    for (Guard guard : List.of(throwing, returningNull)) {
      Decision decision = guard.decide(view("GET", "/x").build());
      assertThat(status(decision)).isEqualTo(401);
      assertThat(((Decision.Refuse) decision).rejection().body().content())
          .contains("missing_token");
    }
  }

  @Test
  void challengeQuotesAndEscapesParameterValues() {
    Guard guard = Guard.builder(verifier).realm("my \"realm\" \\ here").build();

    Rejection rejection =
        guard.rejection(
            AuthFailure.of(FailureReason.MALFORMED_TOKEN, "bad \"quoted\" \\ value\r\n"),
            Requirement.AUTHENTICATED);

    assertThat(rejection.headers().get("WWW-Authenticate"))
        .isEqualTo(
            "Bearer realm=\"my \\\"realm\\\" \\\\ here\", error=\"invalid_token\", error_description=\"bad 'quoted' ? value??\"");
    assertThat(rejection.body().content())
        .isEqualTo(
            "{\"error\":{\"code\":\"invalid_token\",\"message\":\"bad \\\"quoted\\\" \\\\ value\\r\\n\"}}");
  }
}
