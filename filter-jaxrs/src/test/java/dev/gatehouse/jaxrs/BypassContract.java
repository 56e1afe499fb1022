package dev.gatehouse.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.Guard;
import dev.gatehouse.testkit.MockIssuer;
import jakarta.ws.rs.core.Application;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The JAX-RS bypass classes of issue 11, each tried on a real runtime with its own role support
 * off, through every way Gatehouse is registered: the global feature, the name-bound feature and
 * the provider instance. Each implementation's test class says how to start an application.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BypassContract {
  private MockIssuer issuer;
  private final List<JaxrsServer> servers = new ArrayList<>();
  private JaxrsServer global;
  private JaxrsServer nameBound;
  private JaxrsServer provider;

  /** Starts {@code application} with the runtime's own {@code @RolesAllowed} support off. */
  abstract JaxrsServer start(Application application);

  @BeforeAll
  void startServers() {
    issuer = MockIssuer.start();
    Guard guard =
        Guard.builder(JaxrsContract.verifier(issuer)).excludePaths("/public/*", "/health").build();
    global = serve(Bypass.application(GatehouseFeature.global(guard), Bypass.Planter.class));
    nameBound = serve(Bypass.application(GatehouseFeature.nameBound(guard)));
    provider = serve(Bypass.application(new BearerAuthFilter(guard), Bypass.Planter.class));
  }

  private JaxrsServer serve(Application application) {
    JaxrsServer server = start(application);
    servers.add(server);
    return server;
  }

  @AfterAll
  void stopServers() {
    servers.forEach(JaxrsServer::close);
    issuer.close();
  }

  private List<JaxrsServer> all() {
    return List.of(global, nameBound, provider);
  }

  private String token(String... scopes) {
    return issuer.token().scopes(scopes).sign();
  }

  @Test
  void subResourceLocatorOfANameBoundRootNeedsAToken() {
    for (JaxrsServer server : all()) {
      assertThat(server.get("/tenants/acme/admin").statusCode()).isEqualTo(401);
      assertThat(server.bearer("/tenants/acme/admin", token()).body()).isEqualTo("ok user");
    }
  }

  @Test
  void subResourceLocatorInheritsTheRootAndLocatorScopes() {
    for (JaxrsServer server : all()) {
      assertThat(server.get("/scoped/sub").statusCode()).isEqualTo(401);
      assertThat(server.bearer("/scoped/sub", token()).statusCode()).isEqualTo(403);
      assertThat(server.bearer("/scoped/sub", token("admin")).statusCode()).isEqualTo(200);
      assertThat(server.bearer("/scoped/locked", token("admin")).statusCode()).isEqualTo(403);
      assertThat(server.bearer("/scoped/locked", token("admin", "locker")).statusCode())
          .isEqualTo(200);
    }
  }

  @Test
  void annotationsOnAnInterfaceProtectItsImplementation() {
    for (JaxrsServer server : all()) {
      assertThat(server.get("/contract").statusCode()).isEqualTo(401);
      assertThat(server.bearer("/contract", token()).statusCode()).isEqualTo(403);
      assertThat(server.bearer("/contract", token("contract")).statusCode()).isEqualTo(200);
      assertThat(server.bearer("/contract/method", token("contract")).statusCode()).isEqualTo(403);
      assertThat(server.bearer("/contract/method", token("contract.method")).statusCode())
          .isEqualTo(200);
    }
  }

  @Test
  void unannotatedOverrideInheritsTheSuperclassMethodsScopes() {
    for (JaxrsServer server : all()) {
      assertThat(server.get("/derived/over").statusCode()).isEqualTo(401);
      assertThat(server.bearer("/derived/over", token()).statusCode()).isEqualTo(403);
      assertThat(server.bearer("/derived/over", token("admin")).body()).isEqualTo("ok");
    }
  }

  @Test
  void inheritedMethodSharedByTwoClassesKeepsEachClasssRules() {
    for (JaxrsServer server : List.of(global, provider)) {
      assertThat(server.get("/shared-b/shared").statusCode()).isEqualTo(200);
      assertThat(server.bearer("/shared-a/shared", token()).statusCode()).isEqualTo(403);
      assertThat(server.get("/shared-a/shared").statusCode()).isEqualTo(401);
      assertThat(server.get("/shared-b/shared").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void encodedSlashDoesNotReachAnExcludedPrefix() {
    for (JaxrsServer server : List.of(global, provider)) {
      HttpResponse<String> response = server.get("/public%2Fx/admin");
      assertThat(response.statusCode()).as(response.body()).isIn(400, 401, 404);
    }
  }

  @Test
  void plantedAuthNeverSatisfiesAScope() {
    for (JaxrsServer server : List.of(global, provider)) {
      assertThat(server.get("/public/planted").statusCode()).isEqualTo(401);
      assertThat(server.bearer("/public/planted", token()).statusCode()).isEqualTo(403);
      HttpResponse<String> open = server.get("/public/planted/open");
      assertThat(open.body()).isEqualTo("ok");
      assertThat(open.headers().firstValue("X-Auth")).isEmpty();
    }
  }

  @Test
  void rolesAllowedIsEnforcedWithoutTheRuntimesSwitch() {
    String noRoles = token();
    String manager = issuer.token().roles("manager").sign();
    for (JaxrsServer server : all()) {
      assertThat(server.get("/managers").statusCode()).isEqualTo(401);
      HttpResponse<String> refused = server.bearer("/managers", noRoles);
      assertThat(refused.statusCode()).isEqualTo(403);
      assertThat(refused.body())
          .isEqualTo(
              "{\"error\":{\"code\":\"access_denied\",\"message\":\"token lacks a required role\"}}");
      assertThat(server.bearer("/managers", manager).statusCode()).isEqualTo(200);
      assertThat(server.bearer("/managers/closed", manager).statusCode()).isEqualTo(403);
      assertThat(server.get("/managers/anyone").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void classPermitAllYieldsToTheMethodsRolesAllowed() {
    for (JaxrsServer server : all()) {
      assertThat(server.get("/lobby").statusCode()).isEqualTo(200);
      assertThat(server.get("/lobby/desk").statusCode()).isEqualTo(401);
      assertThat(server.bearer("/lobby/desk", token()).statusCode()).isEqualTo(403);
      assertThat(server.bearer("/lobby/desk", issuer.token().roles("clerk").sign()).statusCode())
          .isEqualTo(200);
    }
  }

  @Test
  void headRunsUnderTheGetRules() {
    for (JaxrsServer server : all()) {
      assertThat(server.send("HEAD", "/derived/over").statusCode()).isEqualTo(401);
      assertThat(
              server
                  .send("HEAD", "/derived/over", "Authorization", "Bearer " + token())
                  .statusCode())
          .isEqualTo(403);
    }
  }

  @Test
  void emptyPreflightHeadersAreNotAPreflight() {
    for (JaxrsServer server : List.of(global, provider)) {
      HttpResponse<String> response =
          server.send(
              "OPTIONS", "/derived/over", "Origin", "", "Access-Control-Request-Method", "");
      // Jersey runs its generated OPTIONS method behind the filter (401); RESTEasy answers OPTIONS
      // itself before any filter runs. Neither may reach the resource.
      assertThat(response.body()).isNotEqualTo("ok");
    }
  }
}
