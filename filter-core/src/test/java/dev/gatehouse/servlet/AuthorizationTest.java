package dev.gatehouse.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.ErrorRenderer;
import dev.gatehouse.Guard;
import dev.gatehouse.IssuerPolicy;
import dev.gatehouse.Requirement;
import dev.gatehouse.RoleMapping;
import dev.gatehouse.RouteRule;
import dev.gatehouse.ScopeMatcher;
import dev.gatehouse.TokenVerifier;
import dev.gatehouse.testkit.MockIssuer;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Modes, route rules, scopes, roles and error rendering through a real Jetty (issue 4). */
final class AuthorizationTest {
  private static MockIssuer issuer;
  private static TokenVerifier verifier;

  @BeforeAll
  static void start() {
    issuer = MockIssuer.start();
    verifier =
        TokenVerifier.builder()
            .issuer(
                IssuerPolicy.builder(issuer.issuer())
                    .audiences("api")
                    .jwksUri(issuer.jwksUri())
                    .build())
            .build();
  }

  @AfterAll
  static void stop() {
    issuer.close();
  }

  private static TestServer serve(UnaryOperator<Guard.Builder> config) {
    return TestServer.start(new RequireAuthFilter(config.apply(Guard.builder(verifier)).build()));
  }

  @Test
  void requiredModeRefusesRequestsWithoutToken() {
    try (TestServer server = serve(b -> b.mode(Guard.Mode.REQUIRED))) {
      assertThat(server.get("/x").statusCode()).isEqualTo(401);
    }
  }

  @Test
  void optionalModePassesRequestsWithoutTokenButRejectsInvalidOnes() {
    try (TestServer server = serve(b -> b.mode(Guard.Mode.OPTIONAL))) {
      HttpResponse<String> anonymous = server.get("/x");
      assertThat(anonymous.statusCode()).isEqualTo(200);
      assertThat(anonymous.body()).startsWith("user=null").contains("auth=null");

      assertThat(server.bearer("/x", "garbage.token.here").statusCode()).isEqualTo(401);
      assertThat(server.bearer("/x", issuer.token("alice")).body()).contains("auth=alice");
    }
  }

  @Test
  void annotateModeNeverBlocksAndRecordsTheFailure() {
    assertThatThrownBy(
            () -> Guard.builder(verifier).mode(Guard.Mode.ANNOTATE).requiredScopes("x").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("required-scopes")
        .hasMessageContaining("mode=annotate");
    try (TestServer server =
        serve(
            b ->
                b.mode(Guard.Mode.ANNOTATE)
                    .rule(RouteRule.any("/*", Requirement.scopes("books.read"))))) {
      assertThat(server.get("/x").body()).contains("auth=null failure=missing_token");
      assertThat(server.bearer("/x", "garbage.token.here").body())
          .contains("auth=null failure=invalid_token");
      HttpResponse<String> noScope = server.bearer("/x", issuer.token("alice"));
      assertThat(noScope.statusCode()).isEqualTo(200);
      assertThat(noScope.body()).contains("auth=alice failure=insufficient_scope");
      assertThat(
              server.bearer("/x", issuer.token().subject("bob").scopes("books.read").sign()).body())
          .contains("auth=bob failure=null");
    }
  }

  @Test
  void missingScopeIsA403NamingTheRouteScopes() {
    try (TestServer server = serve(b -> b.requiredScopes("books.read", "books.write"))) {
      HttpResponse<String> response =
          server.bearer("/books", issuer.token().scopes("books.read").sign());

      assertThat(response.statusCode()).isEqualTo(403);
      assertThat(response.headers().firstValue("WWW-Authenticate"))
          .hasValue(
              "Bearer error=\"insufficient_scope\", error_description=\"token lacks a required scope\", scope=\"books.read books.write\"");
      assertThat(response.body())
          .isEqualTo(
              "{\"error\":{\"code\":\"insufficient_scope\",\"message\":\"token lacks a required scope\"}}");
      assertThat(
              server
                  .bearer("/books", issuer.token().scopes("books.write books.read").sign())
                  .statusCode())
          .isEqualTo(200);
    }
  }

  @Test
  void aRuleThatAnExcludePathHidesIsRefusedNamingBoth() {
    assertThatThrownBy(
            () ->
                Guard.builder(verifier)
                    .excludePaths("/public/*")
                    .rule(new RouteRule("GET", "/public/secret", Requirement.AUTHENTICATED))
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("/public/secret")
        .hasMessageContaining("exclude-paths /public/*");
    assertThatThrownBy(
            () ->
                Guard.builder(verifier)
                    .excludePaths("/assets/*.css")
                    .rule(RouteRule.any("/assets/x/*.css", Requirement.AUTHENTICATED))
                    .build())
        .isInstanceOf(IllegalStateException.class);
    Guard.builder(verifier)
        .excludePaths("/assets/*.css")
        .rule(RouteRule.any("/assets/*", Requirement.AUTHENTICATED))
        .build();
  }

  @Test
  void excludePathsComeFirstThenRulesInOrderThenTheDefault() {
    try (TestServer server =
        serve(
            b ->
                b.excludePaths("/health", "/public/*")
                    .rule(new RouteRule("GET", "/books/*", Requirement.scopes("books.read")))
                    .rule(new RouteRule("POST", "/books/*", Requirement.scopes("books.write")))
                    .rule(RouteRule.any("/books/*", Requirement.NONE))
                    .rule(RouteRule.any("/open", Requirement.NONE))
                    .requiredScopes("default.scope"))) {
      String reader = issuer.token().scopes("books.read").sign();

      assertThat(server.get("/health").statusCode()).as("excluded").isEqualTo(200);
      assertThat(server.get("/public/secret").statusCode()).as("excluded prefix").isEqualTo(200);
      assertThat(server.bearer("/books/1", reader).statusCode()).as("GET rule").isEqualTo(200);
      assertThat(server.send("POST", "/books/1", "Authorization", "Bearer " + reader).statusCode())
          .as("POST rule")
          .isEqualTo(403);
      assertThat(server.send("DELETE", "/books/1").statusCode())
          .as("later any-method rule")
          .isEqualTo(200);
      assertThat(server.get("/open").statusCode()).isEqualTo(200);
      assertThat(server.bearer("/other", reader).statusCode()).as("default scopes").isEqualTo(403);
      assertThat(
              server.bearer("/other", issuer.token().scopes("default.scope").sign()).statusCode())
          .isEqualTo(200);
    }
  }

  @Test
  void hierarchicalScopesAreChosenByConfiguration() {
    try (TestServer server =
        serve(b -> b.scopeMatcher(ScopeMatcher.HIERARCHICAL).requiredScopes("users.x:read"))) {
      assertThat(server.bearer("/x", issuer.token().scopes("users:**").sign()).statusCode())
          .isEqualTo(200);
      assertThat(server.bearer("/x", issuer.token().scopes("users:*").sign()).statusCode())
          .isEqualTo(403);
    }
  }

  @Test
  void rolesComeFromRolesElseGroups() {
    try (TestServer server = serve(b -> b)) {
      assertThat(server.bearer("/x", issuer.token().roles("admin").sign()).body())
          .endsWith("admin=true");
      assertThat(
              server.bearer("/x", issuer.token().claim("groups", List.of("admin")).sign()).body())
          .endsWith("admin=true");
      assertThat(
              server
                  .bearer(
                      "/x", issuer.token().roles("user").claim("groups", List.of("admin")).sign())
                  .body())
          .endsWith("admin=false");
      assertThat(server.bearer("/x", issuer.token().scopes("admin").sign()).body())
          .endsWith("admin=false");
    }
  }

  @Test
  void rolesFromNestedAndNamespacedClaimsAndScopes() {
    try (TestServer nested = serve(b -> b.roles(RoleMapping.claims("realm_access.roles")));
        TestServer namespaced =
            serve(b -> b.roles(RoleMapping.claims("https://example.com/roles")));
        TestServer scopes = serve(b -> b.roles(RoleMapping.DEFAULT.withScopes(true)))) {
      String keycloak =
          issuer.token().claim("realm_access", Map.of("roles", List.of("admin"))).sign();
      String auth0 = issuer.token().claim("https://example.com/roles", List.of("admin")).sign();

      assertThat(nested.bearer("/x", keycloak).body()).endsWith("admin=true");
      assertThat(namespaced.bearer("/x", auth0).body()).endsWith("admin=true");
      assertThat(scopes.bearer("/x", issuer.token().scopes("read admin").sign()).body())
          .endsWith("admin=true");
    }
  }

  @Test
  void problemJsonRendererReplacesOnlyTheBody() {
    try (TestServer server = serve(b -> b.renderer(ErrorRenderer.problemJson()))) {
      HttpResponse<String> response = server.bearer("/x", issuer.token().audience("other").sign());

      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
      assertThat(response.headers().firstValue("WWW-Authenticate"))
          .hasValue("Bearer error=\"invalid_token\", error_description=\"audience not accepted\"");
      assertThat(response.body())
          .isEqualTo(
              "{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"audience not accepted\",\"code\":\"invalid_token\"}");
    }
  }

  @Test
  void realmIsSentOnTheBareChallenge() {
    try (TestServer server = serve(b -> b.realm("orders"))) {
      assertThat(server.get("/x").headers().firstValue("WWW-Authenticate"))
          .hasValue("Bearer realm=\"orders\"");
    }
  }
}
