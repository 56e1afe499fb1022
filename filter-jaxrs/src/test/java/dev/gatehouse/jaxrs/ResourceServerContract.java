package dev.gatehouse.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.Guard;
import dev.gatehouse.IssuerPolicy;
import dev.gatehouse.TokenVerifier;
import dev.gatehouse.testkit.MockIssuer;
import dev.gatehouse.testkit.TokenBuilder;
import jakarta.ws.rs.core.Application;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 15 on every Jakarta REST implementation: protected-resource metadata with the annotations'
 * scopes, challenges, the resource as audience, and the step-up, claim, organization and delegation
 * annotations, from code and from properties.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ResourceServerContract {
  static final String RESOURCE = "https://api.example.com/mcp";
  static final String METADATA = "https://api.example.com/.well-known/oauth-protected-resource/mcp";

  MockIssuer issuer;
  Guard guard;
  JaxrsServer fromCode;
  JaxrsServer fromProperties;
  JaxrsServer dpop;

  abstract JaxrsServer start(Application application);

  @BeforeAll
  void startServers() {
    issuer = MockIssuer.start();
    guard =
        Guard.builder(
                TokenVerifier.builder()
                    .resource(RESOURCE)
                    .issuer(IssuerPolicy.builder(issuer.issuer()).jwksUri(issuer.jwksUri()).build())
                    .build())
            .build();
    fromCode =
        start(application(Map.of(), GatehouseFeature.global(guard), new GatehouseEndpoints(guard)));
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("gatehouse.issuer", issuer.issuer());
    properties.put("gatehouse.jwks-uri", issuer.jwksUri().toString());
    properties.put("gatehouse.resource", RESOURCE);
    properties.put("gatehouse.resource-name", "Tenancy");
    fromProperties = start(application(properties, BearerAuthFilter.class));
    Map<String, Object> dpopProperties = new LinkedHashMap<>(properties);
    dpopProperties.put("gatehouse.dpop", "accept");
    dpopProperties.put("gatehouse.dpop-algorithms", "ES256");
    dpop = start(application(dpopProperties, BearerAuthFilter.class));
  }

  @AfterAll
  void stopServers() {
    for (AutoCloseable c : new AutoCloseable[] {fromCode, fromProperties, dpop, issuer}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        // keep closing the rest
      }
    }
    guard.verifier().close();
  }

  private static Application application(Map<String, Object> properties, Object... extra) {
    return Library.application(Tenancy.RESOURCES, properties, extra);
  }

  private List<JaxrsServer> both() {
    return List.of(fromCode, fromProperties);
  }

  private TokenBuilder token() {
    return issuer.token().subject("alice").audience(RESOURCE);
  }

  private static String auth(String token) {
    return "Bearer " + token;
  }

  @Test
  void metadataListsTheScopesOfEveryAnnotation() throws Exception {
    for (JaxrsServer server : both()) {
      for (String path :
          List.of(
              "/.well-known/oauth-protected-resource",
              "/.well-known/oauth-protected-resource/mcp")) {
        HttpResponse<String> response = server.get(path);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("public, max-age=3600");
        Map<String, Object> doc = org.jose4j.json.JsonUtil.parseJson(response.body());
        assertThat(doc.get("resource")).isEqualTo(RESOURCE);
        assertThat(doc.get("authorization_servers")).isEqualTo(List.of(issuer.issuer()));
        assertThat(doc.get("scopes_supported")).isEqualTo(List.of("books.read", "mcp:tools"));
        assertThat(doc.get("bearer_methods_supported")).isEqualTo(List.of("header"));
      }
      assertThat(server.send("POST", "/.well-known/oauth-protected-resource").statusCode())
          .isEqualTo(405);
    }
    Map<String, Object> named =
        org.jose4j.json.JsonUtil.parseJson(
            fromProperties.get("/.well-known/oauth-protected-resource").body());
    assertThat(named.get("resource_name")).isEqualTo("Tenancy");
  }

  @Test
  void challengesNameTheMetadataAndTheScopes() {
    for (JaxrsServer server : both()) {
      assertThat(server.get("/tools/books").headers().firstValue("WWW-Authenticate"))
          .hasValue(
              "Bearer scope=\"mcp:tools books.read\", resource_metadata=\"" + METADATA + "\"");
      HttpResponse<String> forbidden =
          server.get("/tools/books", "Authorization", auth(token().scopes("mcp:tools").sign()));
      assertThat(forbidden.statusCode()).isEqualTo(403);
      assertThat(forbidden.headers().firstValue("WWW-Authenticate"))
          .hasValue(
              "Bearer error=\"insufficient_scope\", error_description=\"token lacks a required"
                  + " scope\", scope=\"mcp:tools books.read\", resource_metadata=\""
                  + METADATA
                  + "\"");
      assertThat(
              server
                  .get(
                      "/tools/books",
                      "Authorization",
                      auth(token().scopes("mcp:tools", "books.read").sign()))
                  .body())
          .isEqualTo("books");
    }
  }

  @Test
  void theAudienceMustNameThisResource() {
    for (JaxrsServer server : both()) {
      String canonical = token().audience("https://API.example.com:443/mcp/").sign();
      assertThat(server.get("/payouts", "Authorization", auth(canonical)).statusCode())
          .isEqualTo(200);
      String elsewhere = token().audience("https://api.example.com/other").sign();
      HttpResponse<String> refused = server.get("/payouts", "Authorization", auth(elsewhere));
      assertThat(refused.statusCode()).isEqualTo(401);
      assertThat(refused.body()).contains("audience not accepted");
    }
  }

  @Test
  void stepUpAnnotation() {
    long now = Instant.now().getEpochSecond();
    for (JaxrsServer server : both()) {
      HttpResponse<String> weak =
          server.send(
              "POST", "/payouts", "Authorization", auth(token().claim("acr", "pwd").sign()));
      assertThat(weak.statusCode()).isEqualTo(401);
      assertThat(weak.headers().firstValue("WWW-Authenticate"))
          .hasValue(
              "Bearer error=\"insufficient_user_authentication\", error_description=\"authentication"
                  + " context (acr) not accepted here\", acr_values=\"urn:example:mfa phr\","
                  + " max_age=\"300\", resource_metadata=\""
                  + METADATA
                  + "\"");
      assertThat(weak.body())
          .isEqualTo(
              "{\"error\":{\"code\":\"insufficient_user_authentication\",\"message\":\"authentication"
                  + " context (acr) not accepted here\"}}");
      String stale = token().claim("acr", "phr").claim("auth_time", now - 3600).sign();
      assertThat(server.send("POST", "/payouts", "Authorization", auth(stale)).body())
          .contains("older than max_age");
      String noTime = token().claim("acr", "phr").sign();
      assertThat(server.send("POST", "/payouts", "Authorization", auth(noTime)).body())
          .contains("auth_time");
      String strong = token().claim("acr", "phr").claim("auth_time", now - 5).sign();
      assertThat(server.send("POST", "/payouts", "Authorization", auth(strong)).body())
          .isEqualTo("paid");
      // The same weak token on the method without the annotation.
      assertThat(server.get("/payouts", "Authorization", auth(token().sign())).statusCode())
          .isEqualTo(200);
    }
  }

  @Test
  void claimAnnotations() {
    for (JaxrsServer server : both()) {
      String good = token().claim("department", "sales").claim("groups", List.of("staff")).sign();
      assertThat(server.get("/reports", "Authorization", auth(good)).body()).isEqualTo("report");
      String secret =
          token().claim("department", "secret-unit").claim("groups", List.of("staff")).sign();
      HttpResponse<String> refused = server.get("/reports", "Authorization", auth(secret));
      assertThat(refused.statusCode()).isEqualTo(403);
      assertThat(refused.body())
          .contains("token's department claim does not meet the requirement")
          .doesNotContain("secret-unit");
      String outsider = token().claim("department", "sales").claim("groups", "eu").sign();
      assertThat(server.get("/reports", "Authorization", auth(outsider)).body())
          .contains("groups claim");
    }
  }

  @Test
  void organizationAnnotationsReadThePathParameter() {
    String member =
        auth(
            token()
                .claim(
                    "organizations",
                    List.of(
                        Map.of("id", "acme", "scopes", List.of("projects:write")),
                        Map.of("id", "initech", "scopes", "projects:read")))
                .sign());
    for (JaxrsServer server : both()) {
      assertThat(server.send("POST", "/orgs/acme/projects", "Authorization", member).body())
          .isEqualTo("created in acme");
      HttpResponse<String> reader =
          server.send("POST", "/orgs/initech/projects", "Authorization", member);
      assertThat(reader.statusCode()).isEqualTo(403);
      assertThat(reader.body()).contains("permission in the organization");
      assertThat(server.get("/orgs/initech/settings", "Authorization", member).body())
          .isEqualTo("settings of initech");
      for (String path :
          List.of(
              "/orgs/hooli/settings",
              "/orgs/hooli/settings/",
              "/orgs/%68ooli/settings",
              "/orgs/hooli;x=acme/settings",
              "/orgs/%7Borg%7D/settings",
              // {org} bound to two values along the chain: refused, whichever is checked.
              "/orgs/acme/teams/hooli",
              "/orgs/hooli/teams/acme")) {
        HttpResponse<String> response = server.get(path, "Authorization", member);
        assertThat(response.statusCode()).as(path).isIn(400, 403, 404);
      }
      assertThat(server.get("/orgs/acme/teams/acme", "Authorization", member).body())
          .isEqualTo("teams");
    }
  }

  @Test
  void delegationRefusedFromAnInterface() {
    String delegated = auth(token().claim("act", Map.of("sub", "agent-7")).sign());
    for (JaxrsServer server : both()) {
      HttpResponse<String> refused = server.get("/own", "Authorization", delegated);
      assertThat(refused.statusCode()).isEqualTo(403);
      assertThat(refused.body()).contains("delegated tokens are not accepted here");
      assertThat(server.get("/own", "Authorization", auth(token().sign())).body()).isEqualTo("own");
    }
  }

  @Test
  void dpopProofsAreCheckedOnEveryRequestAndAdvertised() throws Exception {
    dev.gatehouse.testkit.DpopProver client = dev.gatehouse.testkit.DpopProver.es256();
    String token = token().dpopBound(client.thumbprint()).sign();
    java.net.URI uri = dpop.uri("/payouts");
    for (int i = 0; i < 2; i++) {
      String proof = client.proof("GET", uri, token);
      assertThat(dpop.get("/payouts", "Authorization", "DPoP " + token, "DPoP", proof).body())
          .isEqualTo("payouts");
      HttpResponse<String> replay =
          dpop.get("/payouts", "Authorization", "DPoP " + token, "DPoP", proof);
      assertThat(replay.statusCode()).isEqualTo(401);
      assertThat(replay.headers().firstValue("WWW-Authenticate").orElseThrow())
          .isEqualTo(
              "DPoP error=\"invalid_dpop_proof\", error_description=\"DPoP proof was used before\","
                  + " algs=\"ES256\", resource_metadata=\""
                  + METADATA
                  + "\"");
    }
    // The query is not part of htu; another path is.
    String withQuery = client.proof("GET", dpop.uri("/payouts?x=1"), token);
    assertThat(
            dpop.get("/payouts?x=1", "Authorization", "DPoP " + token, "DPoP", withQuery)
                .statusCode())
        .isEqualTo(200);
    String elsewhere = client.proof("GET", dpop.uri("/reports"), token);
    assertThat(
            dpop.get("/payouts", "Authorization", "DPoP " + token, "DPoP", elsewhere).statusCode())
        .isEqualTo(401);
    HttpResponse<String> asBearer = dpop.get("/payouts", "Authorization", auth(token));
    assertThat(asBearer.statusCode()).isEqualTo(401);
    assertThat(asBearer.headers().firstValue("WWW-Authenticate").orElseThrow())
        .startsWith("Bearer error=\"invalid_token\"")
        .contains(", DPoP algs=\"ES256\"");
    Map<String, Object> doc =
        org.jose4j.json.JsonUtil.parseJson(
            dpop.get("/.well-known/oauth-protected-resource").body());
    assertThat(doc.get("dpop_signing_alg_values_supported")).isEqualTo(List.of("ES256"));
    assertThat(doc.get("dpop_bound_access_tokens_required")).isEqualTo(false);
  }
}
