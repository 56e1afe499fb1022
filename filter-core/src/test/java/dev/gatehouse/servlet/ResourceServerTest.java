package dev.gatehouse.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.Auth;
import dev.gatehouse.Guard;
import dev.gatehouse.IssuerPolicy;
import dev.gatehouse.Requirement;
import dev.gatehouse.RouteRule;
import dev.gatehouse.TokenVerifier;
import dev.gatehouse.testkit.MockIssuer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The resource-server side of MCP's authorization spec on a real Jetty: protected-resource metadata
 * (RFC 9728), the resource as audience (RFC 8707), challenges, step-up (RFC 9470), claim,
 * organization and delegation requirements.
 */
final class ResourceServerTest {
  private static final String RESOURCE = "https://api.example.com/mcp";
  private static final String METADATA =
      "https://api.example.com/.well-known/oauth-protected-resource/mcp";

  private static MockIssuer issuer;
  private static MockIssuer other;

  @BeforeAll
  static void start() {
    issuer = MockIssuer.start();
    other = MockIssuer.start();
  }

  @AfterAll
  static void stop() {
    issuer.close();
    other.close();
  }

  private static TokenVerifier verifier(String resource) {
    return TokenVerifier.builder()
        .resource(resource)
        .issuer(IssuerPolicy.builder(issuer.issuer()).jwksUri(issuer.jwksUri()).build())
        .issuer(
            IssuerPolicy.builder(other.issuer())
                .audiences("legacy-api")
                .jwksUri(other.jwksUri())
                .build())
        .build();
  }

  private static TestServer serve(UnaryOperator<Guard.Builder> config) {
    return TestServer.start(
        new RequireAuthFilter(config.apply(Guard.builder(verifier(RESOURCE))).build()));
  }

  private static String token(String... scopes) {
    return issuer.token().subject("alice").audience(RESOURCE).scopes(scopes).sign();
  }

  private static Map<String, Object> json(HttpResponse<String> response) throws Exception {
    return org.jose4j.json.JsonUtil.parseJson(response.body());
  }

  /** The message of a refusal's JSON body. */
  @SuppressWarnings("unchecked")
  private static String message(HttpResponse<String> response) throws Exception {
    return (String) ((Map<String, Object>) json(response).get("error")).get("message");
  }

  @Test
  void metadataIsServedAtBothWellKnownPathsWithoutAToken() throws Exception {
    try (TestServer server =
        serve(
            b ->
                b.requiredScopes("mcp:tools")
                    .rule(new RouteRule("POST", "/admin/*", Requirement.scopes("admin")))
                    .alsoRequire(Requirement.scopes("audit:read"), List.of("/audit/*"))
                    .scopesSupported(List.of("extra"))
                    .resourceName("Books MCP")
                    .resourceDocumentation("https://docs.example.com/mcp"))) {
      for (String path :
          List.of(
              "/.well-known/oauth-protected-resource",
              "/.well-known/oauth-protected-resource/mcp",
              "/.well-known/oauth-protected-resource/mcp/")) {
        HttpResponse<String> response = server.get(path);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow())
            .startsWith("application/json");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("public, max-age=3600");
        Map<String, Object> doc = json(response);
        assertThat(doc.get("resource")).isEqualTo(RESOURCE);
        assertThat(doc.get("authorization_servers"))
            .isEqualTo(List.of(issuer.issuer(), other.issuer()));
        assertThat(doc.get("scopes_supported"))
            .isEqualTo(List.of("mcp:tools", "admin", "audit:read", "extra"));
        assertThat(doc.get("bearer_methods_supported")).isEqualTo(List.of("header"));
        assertThat(doc.get("resource_name")).isEqualTo("Books MCP");
        assertThat(doc.get("resource_documentation")).isEqualTo("https://docs.example.com/mcp");
        assertThat(doc).doesNotContainKey("resource_signing_alg_values_supported");
      }
      assertThat(server.send("HEAD", "/.well-known/oauth-protected-resource").statusCode())
          .isEqualTo(200);
      HttpResponse<String> post = server.post("/.well-known/oauth-protected-resource", "a=b");
      assertThat(post.statusCode()).isEqualTo(405);
      assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
      // Not the metadata: other spellings are ordinary protected paths.
      assertThat(server.get("/.well-known/oauth-protected-resource/other").statusCode())
          .isEqualTo(401);
      assertThat(server.get("/.well-known/oauth-protected-resource%2Fmcp").statusCode())
          .isIn(400, 401);
    }
  }

  @Test
  void bearerMethodsFollowTheTransportsThatAreOn() throws Exception {
    try (TestServer server = serve(b -> b.acceptQueryToken(true).acceptFormToken(true))) {
      Map<String, Object> doc = json(server.get("/.well-known/oauth-protected-resource"));
      assertThat(doc.get("bearer_methods_supported")).isEqualTo(List.of("header", "body", "query"));
      assertThat(doc).doesNotContainKey("scopes_supported");
    }
  }

  @Test
  void everyChallengeNamesTheMetadataAndTheRoutesScopes() {
    try (TestServer server =
        serve(
            b ->
                b.realm("mcp")
                    .rule(RouteRule.any("/tools/*", Requirement.scopes("mcp:tools", "books.read")))
                    .rule(RouteRule.any("/roles/*", Requirement.anyRole(List.of("admin")))))) {
      assertThat(server.get("/tools/list").headers().firstValue("WWW-Authenticate"))
          .hasValue(
              "Bearer realm=\"mcp\", scope=\"mcp:tools books.read\", resource_metadata=\""
                  + METADATA
                  + "\"");
      assertThat(
              server.bearer("/tools/list", "not.a.token").headers().firstValue("WWW-Authenticate"))
          .hasValueSatisfying(
              challenge ->
                  assertThat(challenge)
                      .startsWith(
                          "Bearer realm=\"mcp\", error=\"invalid_token\", error_description=\"")
                      .endsWith(
                          "\", scope=\"mcp:tools books.read\", resource_metadata=\""
                              + METADATA
                              + "\""));
      HttpResponse<String> forbidden = server.bearer("/tools/list", token("mcp:tools"));
      assertThat(forbidden.statusCode()).isEqualTo(403);
      assertThat(forbidden.headers().firstValue("WWW-Authenticate"))
          .hasValue(
              "Bearer realm=\"mcp\", error=\"insufficient_scope\", error_description=\"token lacks"
                  + " a required scope\", scope=\"mcp:tools books.read\", resource_metadata=\""
                  + METADATA
                  + "\"");
      // A route without scopes: no scope parameter, the metadata still.
      assertThat(server.get("/plain").headers().firstValue("WWW-Authenticate"))
          .hasValue("Bearer realm=\"mcp\", resource_metadata=\"" + METADATA + "\"");
      // RFC 6750 defines no challenge for a role refusal.
      HttpResponse<String> role = server.bearer("/roles/x", token());
      assertThat(role.statusCode()).isEqualTo(403);
      assertThat(role.headers().firstValue("WWW-Authenticate")).isEmpty();
      assertThat(server.bearer("/tools/list", token("mcp:tools", "books.read")).statusCode())
          .isEqualTo(200);
    }
  }

  @Test
  void theMetadataUrlCanBeSetForAnApplicationBelowTheRoot() {
    String url = "https://api.example.com/app/.well-known/oauth-protected-resource";
    try (TestServer server = serve(b -> b.resourceMetadataUrl(url))) {
      assertThat(server.get("/x").headers().firstValue("WWW-Authenticate"))
          .hasValue("Bearer resource_metadata=\"" + url + "\"");
    }
  }

  @Test
  void theResourceIsAnAudienceComparedOnItsCanonicalForm() {
    try (TestServer server = serve(b -> b)) {
      for (String aud :
          List.of(
              RESOURCE,
              "https://API.Example.COM/mcp",
              "HTTPS://api.example.com:443/mcp",
              "https://api.example.com/mcp/")) {
        String token = issuer.token().subject("alice").audience(aud).sign();
        assertThat(server.bearer("/x", token).statusCode()).as(aud).isEqualTo(200);
      }
      for (String aud :
          List.of(
              "https://api.example.com/MCP",
              "https://api.example.com/mcp/tools",
              "https://api.example.com:8443/mcp",
              "http://api.example.com/mcp",
              "https://api.example.com/mcp#frag",
              "https://user@api.example.com/mcp",
              "https://api.example.com",
              "https://other.example.com/mcp",
              "api.example.com/mcp",
              "legacy-api")) {
        String token = issuer.token().subject("alice").audience(aud).sign();
        HttpResponse<String> response = server.bearer("/x", token);
        assertThat(response.statusCode()).as(aud).isEqualTo(401);
        assertThat(response.body()).contains("audience not accepted");
      }
      // One of several audiences naming the resource is enough; the issuer's own still counts.
      String both = issuer.token().subject("a").audience("https://else.example", RESOURCE).sign();
      assertThat(server.bearer("/x", both).statusCode()).isEqualTo(200);
      assertThat(server.bearer("/x", other.token().audience("legacy-api").sign()).statusCode())
          .isEqualTo(200);
      assertThat(server.bearer("/x", other.token().audience(RESOURCE).sign()).statusCode())
          .isEqualTo(200);
    }
  }

  @Test
  void theRootResourceIgnoresItsSlashAndServesOneMetadataPath() throws Exception {
    try (TestServer server =
        TestServer.start(
            new RequireAuthFilter(Guard.builder(verifier("https://api.example.com/")).build()))) {
      String token = issuer.token().subject("a").audience("https://api.example.com").sign();
      assertThat(server.bearer("/x", token).statusCode()).isEqualTo(200);
      HttpResponse<String> response = server.get("/.well-known/oauth-protected-resource");
      assertThat(json(response).get("resource")).isEqualTo("https://api.example.com/");
      assertThat(server.get("/x").headers().firstValue("WWW-Authenticate"))
          .hasValue(
              "Bearer resource_metadata=\"https://api.example.com/.well-known/oauth-protected-resource\"");
    }
  }

  @Test
  void aResourceIsAnAbsoluteHttpsUriWithoutQueryOrFragment() {
    for (String bad :
        List.of(
            "api",
            "http://api.example.com/mcp",
            "https://api.example.com/mcp?x=1",
            "https://api.example.com/mcp#top",
            "https://user:pw@api.example.com/mcp",
            "https://api.example.com/my%20api",
            "urn:example:api")) {
      assertThatThrownBy(() -> TokenVerifier.builder().resource(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("resource")
          .hasMessageNotContaining("pw");
    }
    TokenVerifier.builder().resource("http://127.0.0.1:8080/mcp");
    TokenVerifier.builder().resource("http://[::1]:8080/mcp");
    assertThatThrownBy(
            () ->
                TokenVerifier.builder()
                    .resource(RESOURCE)
                    .issuer(
                        IssuerPolicy.builder(issuer.issuer())
                            .anyAudience()
                            .jwksUri(issuer.jwksUri())
                            .build())
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("audience=*");
    assertThatThrownBy(
            () ->
                TokenVerifier.builder()
                    .issuer(IssuerPolicy.builder(issuer.issuer()).jwksUri(issuer.jwksUri()).build())
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("audience is required");
    TokenVerifier plain =
        TokenVerifier.builder()
            .issuer(
                IssuerPolicy.builder(issuer.issuer())
                    .audiences("api")
                    .jwksUri(issuer.jwksUri())
                    .build())
            .build();
    assertThatThrownBy(() -> Guard.builder(plain).resourceName("x").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("set the resource");
    plain.close();
  }

  @Test
  void stepUpAsksForTheAcrAndAFreshAuthentication() throws Exception {
    Requirement stepUp =
        Requirement.acr("urn:example:mfa", "phr").and(Requirement.maxAge(Duration.ofMinutes(5)));
    try (TestServer server =
        serve(b -> b.rule(RouteRule.any("/payouts/*", Requirement.scopes("pay").and(stepUp))))) {
      long now = Instant.now().getEpochSecond();
      String expected =
          "error=\"insufficient_user_authentication\", error_description=\"%s\","
              + " scope=\"pay\", acr_values=\"urn:example:mfa phr\", max_age=\"300\","
              + " resource_metadata=\""
              + METADATA
              + "\"";
      Map<String, String> cases =
          Map.of(
              "no acr", "authentication context (acr) not accepted here",
              "wrong acr", "authentication context (acr) not accepted here",
              "no auth_time", "authentication time (auth_time) is missing and max_age is required",
              "old auth_time", "authentication is older than max_age");
      for (Map.Entry<String, String> c : cases.entrySet()) {
        var token = issuer.token().subject("alice").audience(RESOURCE).scopes("pay");
        switch (c.getKey()) {
          case "no acr" -> token.claim("auth_time", now);
          case "wrong acr" -> token.claim("acr", "pwd").claim("auth_time", now);
          case "no auth_time" -> token.claim("acr", "phr");
          default -> token.claim("acr", "phr").claim("auth_time", now - 301);
        }
        HttpResponse<String> response = server.bearer("/payouts/1", token.sign());
        assertThat(response.statusCode()).as(c.getKey()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
            .as(c.getKey())
            .isEqualTo("Bearer " + expected.formatted(c.getValue()));
        assertThat(response.body()).contains("\"code\":\"insufficient_user_authentication\"");
        assertThat(message(response)).isEqualTo(c.getValue());
      }
      String fresh =
          issuer
              .token()
              .subject("alice")
              .audience(RESOURCE)
              .scopes("pay")
              .claim("acr", "urn:example:mfa")
              .claim("auth_time", now - 60)
              .sign();
      assertThat(server.bearer("/payouts/1", fresh).statusCode()).isEqualTo(200);
      // A fractional auth_time is a NumericDate too.
      String fractional =
          issuer
              .token()
              .subject("alice")
              .audience(RESOURCE)
              .scopes("pay")
              .claim("acr", "phr")
              .claim("auth_time", now - 10.5)
              .sign();
      assertThat(server.bearer("/payouts/1", fractional).statusCode()).isEqualTo(200);
      // Elsewhere, the same weak token passes.
      assertThat(server.bearer("/other", token("pay")).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void stepUpRequirementsCombine() {
    Requirement both = Requirement.acr("a", "b").and(Requirement.acr("b", "c"));
    assertThat(both.acrValues()).containsExactly("b");
    assertThat(Requirement.acr("a").and(Requirement.acr("c")).isDenied()).isTrue();
    assertThat(
            Requirement.maxAge(Duration.ofMinutes(5))
                .and(Requirement.maxAge(Duration.ofMinutes(1)))
                .maxAge())
        .isEqualTo(Duration.ofMinutes(1));
    assertThatThrownBy(() -> Requirement.maxAge(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Requirement.acr()).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void claimRequirementsNameTheClaimNeverItsValue() throws Exception {
    try (TestServer server =
        serve(
            b ->
                b.rule(
                        RouteRule.any(
                            "/sales/*",
                            Requirement.claimEquals("department", "sales")
                                .and(Requirement.claimIncludes("groups", "staff"))))
                    .rule(
                        RouteRule.any(
                            "/verified/*", Requirement.claimEquals("email_verified", true)))
                    .rule(RouteRule.any("/level/*", Requirement.claimEquals("level", 3)))
                    .rule(
                        RouteRule.any(
                            "/adults/*", Requirement.claim("age", Long.class, age -> age >= 18)))
                    .rule(
                        RouteRule.any(
                            "/broken/*",
                            Requirement.claim(
                                "x",
                                String.class,
                                x -> {
                                  throw new IllegalStateException("boom");
                                }))))) {
      var base = issuer.token().subject("alice").audience(RESOURCE);
      String good =
          issuer
              .token()
              .subject("alice")
              .audience(RESOURCE)
              .claim("department", "sales")
              .claim("groups", List.of("staff", "eu"))
              .sign();
      assertThat(server.bearer("/sales/1", good).statusCode()).isEqualTo(200);
      String words =
          issuer
              .token()
              .subject("alice")
              .audience(RESOURCE)
              .claim("department", "sales")
              .claim("groups", "eu staff")
              .sign();
      assertThat(server.bearer("/sales/1", words).statusCode()).isEqualTo(200);
      String secretDepartment =
          issuer
              .token()
              .subject("alice")
              .audience(RESOURCE)
              .claim("department", "top-secret-unit")
              .claim("groups", List.of("staff"))
              .sign();
      HttpResponse<String> refused = server.bearer("/sales/1", secretDepartment);
      assertThat(refused.statusCode()).isEqualTo(403);
      assertThat(message(refused))
          .isEqualTo("token's department claim does not meet the requirement");
      assertThat(refused.body() + refused.headers().map()).doesNotContain("top-secret-unit");
      assertThat(refused.headers().firstValue("WWW-Authenticate").orElseThrow())
          .contains("error=\"insufficient_scope\"")
          .contains("resource_metadata=");
      String staffless =
          issuer
              .token()
              .subject("alice")
              .audience(RESOURCE)
              .claim("department", "sales")
              .claim("groups", List.of("staffers"))
              .sign();
      assertThat(server.bearer("/sales/1", staffless).body()).contains("groups claim");
      assertThat(server.bearer("/sales/1", base.sign()).statusCode()).isEqualTo(403);

      assertThat(server.bearer("/verified/1", tokenWith("email_verified", true)).statusCode())
          .isEqualTo(200);
      assertThat(server.bearer("/verified/1", tokenWith("email_verified", "true")).statusCode())
          .isEqualTo(403);
      assertThat(server.bearer("/level/1", tokenWith("level", 3)).statusCode()).isEqualTo(200);
      assertThat(server.bearer("/level/1", tokenWith("level", 3.5)).statusCode()).isEqualTo(403);
      assertThat(server.bearer("/level/1", tokenWith("level", "3")).statusCode()).isEqualTo(403);
      assertThat(server.bearer("/adults/1", tokenWith("age", 30)).statusCode()).isEqualTo(200);
      assertThat(server.bearer("/adults/1", tokenWith("age", 12)).statusCode()).isEqualTo(403);
      assertThat(server.bearer("/adults/1", tokenWith("age", "30")).statusCode()).isEqualTo(403);
      // A predicate that throws refuses; it never becomes a 500.
      assertThat(server.bearer("/broken/1", tokenWith("x", "y")).statusCode()).isEqualTo(403);
    }
    assertThatThrownBy(() -> Requirement.claimEquals("x", 1.5))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static String tokenWith(String claim, Object value) {
    return issuer.token().subject("alice").audience(RESOURCE).claim(claim, value).sign();
  }

  private static final List<Map<String, Object>> ORGANIZATIONS =
      List.of(
          Map.of("id", "acme", "scopes", List.of("projects:write", "users:read"), "name", "Acme"),
          Map.of("id", "globex", "scopes", "projects:** billing:read"),
          Map.of("id", "initech", "scopes", List.of("*:read")));

  @Test
  void organizationPermissionsComeFromThePathVariable() throws Exception {
    try (TestServer server =
        serve(
            b ->
                b.rule(
                        new RouteRule(
                            "POST",
                            "/orgs/{org}/projects/*",
                            Requirement.inOrganization("org", "projects:write")))
                    .rule(RouteRule.any("/orgs/{org}/*", Requirement.inOrganization("org"))))) {
      String member = tokenWith("organizations", ORGANIZATIONS);
      assertThat(
              server
                  .send("POST", "/orgs/acme/projects/1", "Authorization", "Bearer " + member)
                  .statusCode())
          .isEqualTo(200);
      // globex grants projects:** (projects.x too), initech only reads.
      assertThat(
              server
                  .send("POST", "/orgs/globex/projects", "Authorization", "Bearer " + member)
                  .statusCode())
          .isEqualTo(200);
      HttpResponse<String> reader =
          server.send("POST", "/orgs/initech/projects/1", "Authorization", "Bearer " + member);
      assertThat(reader.statusCode()).isEqualTo(403);
      assertThat(message(reader))
          .isEqualTo("token lacks a required permission in the organization");
      assertThat(
              server
                  .send("POST", "/orgs/hooli/projects/1", "Authorization", "Bearer " + member)
                  .statusCode())
          .isEqualTo(403);
      // Membership alone for the other routes of an organization.
      assertThat(server.bearer("/orgs/initech/settings", member).statusCode()).isEqualTo(200);
      assertThat(server.bearer("/orgs/hooli/settings", member).statusCode()).isEqualTo(403);
      String none = token();
      assertThat(server.bearer("/orgs/acme/settings", none).statusCode()).isEqualTo(403);
    }
  }

  /** Other spellings of an organization's path, on Jetty and Tomcat, over a raw socket. */
  @Test
  void noOtherSpellingReachesAnotherOrganization() {
    Guard guard =
        Guard.builder(verifier(RESOURCE))
            .rule(
                RouteRule.any(
                    "/protected/orgs/{org}/*", Requirement.inOrganization("org", "projects:write")))
            .build();
    String member =
        "Bearer "
            + tokenWith("organizations", List.of(Map.of("id", "acme", "scopes", "projects:write")));
    for (Container container :
        List.of(
            Container.jetty(new RequireAuthFilter(guard)),
            Container.tomcat(new RequireAuthFilter(guard)))) {
      try {
        assertThat(container.send("GET", "/protected/orgs/acme/p", "Authorization", member).body())
            .as(container.name())
            .isEqualTo(ServletApp.SECRET);
        for (String path :
            List.of(
                "/protected/orgs/hooli/p",
                "/protected/orgs/hooli/p/",
                "/protected/orgs//hooli/p",
                "/protected/orgs/hooli;x=acme/p",
                "/protected/orgs/hooli/;/p",
                "/protected/orgs/%68ooli/p",
                "/protected/orgs/%7Borg%7D/p",
                "/protected/orgs/acme%2F..%2Fhooli/p",
                "/protected/orgs/acme/../hooli/p",
                "/protected/./orgs/hooli/p",
                "/protected/orgs/ACME/p",
                "/protected/orgs/acme%00/p",
                "/protected/orgs/%20acme/p")) {
          Container.Answer answer = container.send("GET", path, "Authorization", member);
          assertThat(answer.body())
              .as(container.name() + " " + path)
              .doesNotContain(ServletApp.SECRET);
          assertThat(answer.status()).as(container.name() + " " + path).isIn(400, 403, 404);
        }
      } finally {
        container.stop();
      }
    }
    guard.verifier().close();
  }

  @Test
  void organizationRequirementsAreCheckedAtBuild() {
    assertThatThrownBy(
            () ->
                Guard.builder(verifier(RESOURCE))
                    .rule(RouteRule.any("/orgs/*", Requirement.inOrganization("org", "a:b")))
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("{org}");
    assertThatThrownBy(() -> RouteRule.any("/orgs/{org}/{org}", Requirement.AUTHENTICATED))
        .hasMessageContaining("stands twice");
    assertThatThrownBy(() -> RouteRule.any("/orgs/x{org}", Requirement.AUTHENTICATED))
        .hasMessageContaining("whole segment");
    assertThatThrownBy(() -> Guard.builder(verifier(RESOURCE)).excludePaths("/orgs/{org}"))
        .hasMessageContaining("only in route rules");
    assertThatThrownBy(() -> Requirement.inOrganization("o/rg"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void authReadsOrganizationsAndActors() throws Exception {
    Map<String, Object> act =
        Map.of("sub", "agent-7", "act", Map.of("sub", "orchestrator", "act", "broken"));
    try (TestServer server =
        serve(b -> b.rule(RouteRule.any("/own/*", Requirement.notDelegated())))) {
      String delegated =
          issuer.token().subject("alice").audience(RESOURCE).claim("act", act).sign();
      HttpResponse<String> refused = server.bearer("/own/1", delegated);
      assertThat(refused.statusCode()).isEqualTo(403);
      assertThat(message(refused)).isEqualTo("delegated tokens are not accepted here");
      assertThat(server.bearer("/own/1", token()).statusCode()).isEqualTo(200);
      assertThat(server.bearer("/elsewhere", delegated).statusCode()).isEqualTo(200);
    }
    Auth auth =
        new Auth(
            "alice",
            issuer.issuer(),
            List.of(RESOURCE),
            java.util.Set.of(),
            Instant.now().plusSeconds(60),
            null,
            null,
            Map.of(
                "act",
                act,
                "organizations",
                List.of(
                    ORGANIZATIONS.get(0),
                    ORGANIZATIONS.get(1),
                    Map.of("id", "acme", "scopes", "admin:**"),
                    Map.of("scopes", "x:y"),
                    "not an object")));
    assertThat(auth.actors()).containsExactly("agent-7", "orchestrator", "");
    assertThat(auth.isDelegated()).isTrue();
    assertThat(auth.organizations())
        .extracting(Auth.Organization::id)
        .containsExactly("acme", "globex");
    assertThat(auth.isMemberOf("acme")).isTrue();
    assertThat(auth.isMemberOf("initech")).isFalse();
    assertThat(auth.hasAccessIn("acme", "projects:write")).isTrue();
    assertThat(auth.hasAccessIn("acme", "admin:delete")).isFalse();
    assertThat(auth.hasAccessIn("globex", "projects.tasks:delete")).isTrue();
    assertThat(auth.hasAccessIn("globex", "billing:write")).isFalse();
    assertThat(auth.organization("acme").orElseThrow().claims().get("name")).isEqualTo("Acme");
    assertThat(auth.organization("acme").orElseThrow().toString()).doesNotContain("projects");
  }

  @Test
  void stepUpFromSettings() {
    Map<String, String> params =
        Map.of(
            "issuer", issuer.issuer(),
            "jwks-uri", issuer.jwksUri().toString(),
            "resource", RESOURCE,
            "step-up-paths", "/admin/*",
            "step-up-acr-values", "phr",
            "step-up-max-age-seconds", "60",
            "exclude-paths", "/admin/public");
    try (TestServer server = TestServer.start(RequireAuthFilter.class, params)) {
      HttpResponse<String> weak = server.bearer("/admin/x", token());
      assertThat(weak.statusCode()).isEqualTo(401);
      assertThat(weak.headers().firstValue("WWW-Authenticate").orElseThrow())
          .contains("acr_values=\"phr\", max_age=\"60\"");
      String strong =
          issuer
              .token()
              .subject("alice")
              .audience(RESOURCE)
              .claim("acr", "phr")
              .claim("auth_time", Instant.now().getEpochSecond())
              .sign();
      assertThat(server.bearer("/admin/x", strong).statusCode()).isEqualTo(200);
      assertThat(server.bearer("/books", token()).statusCode()).isEqualTo(200);
      // A step-up path never protects an excluded one.
      assertThat(server.get("/admin/public").statusCode()).isEqualTo(200);
    }
  }
}
