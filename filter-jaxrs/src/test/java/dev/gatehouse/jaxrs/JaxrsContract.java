package dev.gatehouse.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.Guard;
import dev.gatehouse.IssuerPolicy;
import dev.gatehouse.Requirement;
import dev.gatehouse.RouteRule;
import dev.gatehouse.TokenVerifier;
import dev.gatehouse.testkit.MockIssuer;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.ext.RuntimeDelegate;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The behaviour of issue 5 that every Jakarta REST implementation must show, through a real server
 * and a real loopback JWKS. Each implementation's test class extends this one and says how to start
 * an application on it; each runs in its own JVM, since a JVM has one {@link RuntimeDelegate}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JaxrsContract {
  static final String MISSING_BODY =
      "{\"error\":{\"code\":\"missing_token\",\"message\":\"no bearer token\"}}";

  MockIssuer issuer;
  Guard guard;
  JaxrsServer global;
  JaxrsServer nameBound;
  JaxrsServer byClass;
  JaxrsServer byInstance;

  /** The implementation's class name prefix, e.g. {@code org.glassfish.jersey}. */
  abstract String implementation();

  /**
   * Starts {@code application} on the implementation, with its {@code @RolesAllowed} support on.
   */
  abstract JaxrsServer start(Application application);

  @BeforeAll
  void startServers() {
    assertThat(RuntimeDelegate.getInstance().getClass().getName()).startsWith(implementation());
    issuer = MockIssuer.start();
    guard = Guard.builder(verifier(issuer)).build();
    global = start(Library.application(GatehouseFeature.global(guard)));
    nameBound = start(Library.application(GatehouseFeature.nameBound(guard)));
    byClass =
        start(
            Library.application(
                settings(
                    issuer,
                    "exclude-paths",
                    "/health",
                    "backchannel-logout-path",
                    "/backchannel-logout",
                    "backchannel-logout-audience",
                    "web",
                    "ssf-receiver-path",
                    "/ssf",
                    "ssf-audience",
                    "https://api.example.com",
                    "ssf-transmitters",
                    issuer.issuer(),
                    "introspection-uri",
                    issuer.introspectionUri(),
                    "introspection-client-id",
                    MockIssuer.INTROSPECTION_CLIENT_ID,
                    "introspection-client-secret",
                    MockIssuer.INTROSPECTION_CLIENT_SECRET),
                BearerAuthFilter.class));
    byInstance = start(Library.application(new BearerAuthFilter(guard)));
  }

  @AfterAll
  void stopServers() {
    for (AutoCloseable c : new AutoCloseable[] {global, nameBound, byClass, byInstance, issuer}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        // keep closing the rest
      }
    }
  }

  static TokenVerifier verifier(MockIssuer issuer) {
    return TokenVerifier.builder()
        .issuer(
            IssuerPolicy.builder(issuer.issuer())
                .audiences("api")
                .jwksUri(issuer.jwksUri())
                .build())
        .build();
  }

  /**
   * The issuer's settings under the servlet init-param names, plus {@code more} name, value pairs.
   */
  static Map<String, Object> settings(MockIssuer issuer, Object... more) {
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("gatehouse.issuer", issuer.issuer());
    settings.put("gatehouse.audience", "api");
    settings.put("gatehouse.jwks-uri", issuer.jwksUri());
    for (int i = 0; i < more.length; i += 2) {
      settings.put("gatehouse." + more[i], more[i + 1]);
    }
    return settings;
  }

  String expired() {
    Instant past = Instant.now().minus(Duration.ofMinutes(10));
    return issuer.token().subject("alice").issuedAt(past.minusSeconds(60)).expiresAt(past).sign();
  }

  @Test
  void backChannelLogoutIsServedBeforeMatchingAndRevokesTheSession() {
    String token = issuer.token().subject("alice").claim("sid", "jaxrs-1").sign();
    assertThat(byClass.bearer("/books", token).statusCode()).isEqualTo(200);

    dev.gatehouse.testkit.Delivery answer =
        MockIssuer.deliverLogout(
            byClass.uri("/backchannel-logout"),
            issuer.logoutToken("web").claim("sid", "jaxrs-1").sign());

    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    HttpResponse<String> refused = byClass.bearer("/books", token);
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.body()).contains("token revoked");
    dev.gatehouse.testkit.Delivery replay =
        MockIssuer.deliverLogout(
            byClass.uri("/backchannel-logout"),
            issuer.logoutToken("other-client").claim("sid", "jaxrs-2").sign());
    assertThat(replay.status()).isEqualTo(400);
    assertThat(replay.body()).contains("\"error\":\"invalid_request\"");
    assertThat(byClass.get("/backchannel-logout").statusCode()).isEqualTo(405);
  }

  @Test
  void securityEventsAreReceivedBeforeMatchingAndRevokeTheSubject() {
    String token = issuer.token().subject("mallory").sign();
    assertThat(byClass.bearer("/books", token).statusCode()).isEqualTo(200);
    String set =
        issuer
            .securityEvent("https://api.example.com")
            .claim(
                "events",
                Map.of(
                    dev.gatehouse.SecurityEventReceiver.ACCOUNT_DISABLED,
                    Map.of(
                        "subject",
                        Map.of("format", "iss_sub", "iss", issuer.issuer(), "sub", "mallory"))))
            .sign();

    dev.gatehouse.testkit.Delivery answer =
        MockIssuer.deliverSecurityEvent(byClass.uri("/ssf"), set);

    assertThat(answer.status()).as(answer.body()).isEqualTo(202);
    assertThat(byClass.bearer("/books", token).statusCode()).isEqualTo(401);
    dev.gatehouse.testkit.Delivery replay =
        MockIssuer.deliverSecurityEvent(byClass.uri("/ssf"), set);
    assertThat(replay.status()).isEqualTo(400);
    assertThat(replay.body()).startsWith("{\"err\":\"invalid_request\"");
  }

  @Test
  void opaqueTokensAreIntrospectedWithTheSameRulesAndAnswers() {
    String token = issuer.opaqueToken("olivia");
    HttpResponse<String> ok = byClass.bearer("/books", token);
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    assertThat(ok.body()).contains("user=olivia");
    HttpResponse<String> inactive = byClass.bearer("/books", "opaque-" + token);
    assertThat(inactive.statusCode()).isEqualTo(401);
    assertThat(inactive.body()).contains("token not active");
    issuer.introspection().respondWith(500);
    try {
      HttpResponse<String> down = byClass.bearer("/books", issuer.opaqueToken("olivia"));
      assertThat(down.statusCode()).isEqualTo(503);
      assertThat(down.headers().firstValue("Retry-After")).isPresent();
    } finally {
      issuer.introspection().reset();
    }
  }

  @Test
  void anOnlineCheckedResourceAsksTheIssuerAndFailsClosedWithoutIntrospection() {
    String jwt = issuer.token().subject("pia").sign();
    int before = issuer.introspection().hits();
    HttpResponse<String> ok = byClass.bearer("/payments", jwt);
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    assertThat(issuer.introspection().hits()).isEqualTo(before + 1);
    // @PermitAll beside it does not waive the check: no token is refused.
    assertThat(byClass.get("/payments").statusCode()).isEqualTo(401);
    issuer.revokeJwt(jwt);
    String revoked = issuer.token().subject("pia").jwtId("revoked-" + before).sign();
    issuer.revokeJwt(revoked);
    HttpResponse<String> refused = byClass.bearer("/payments", revoked);
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.body()).contains("token not active");
    // A guard whose issuer cannot be asked refuses rather than skip the check.
    HttpResponse<String> closed = global.bearer("/payments", issuer.token().subject("pia").sign());
    assertThat(closed.statusCode()).isEqualTo(403);
  }

  @Test
  void validTokenReachesTheResourceAsPrincipal() {
    HttpResponse<String> response =
        global.bearer("/books", issuer.token().subject("alice").roles("librarian").sign());

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.body())
        .isEqualTo("user=alice auth=true scheme=Bearer secure=false librarian=true");
    assertThat(response.headers().firstValue("X-Auth")).hasValue("alice");
  }

  @Test
  void missingTokenGets401WithBareChallenge() {
    HttpResponse<String> response = global.get("/books");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().allValues("WWW-Authenticate")).containsExactly("Bearer");
    assertThat(response.headers().allValues("Cache-Control")).containsExactly("no-store");
    assertThat(response.headers().allValues("Content-Type")).containsExactly("application/json");
    assertThat(response.body()).isEqualTo(MISSING_BODY);
  }

  @Test
  void twoAuthorizationHeadersAreAnInvalidRequest() {
    String token = issuer.token("bob");
    HttpResponse<String> response =
        global.get(
            "/books", "Authorization", "Bearer " + token, "Authorization", "Bearer " + token);

    assertRefused(response, 400, "invalid_request", "more than one Authorization header");
  }

  @Test
  void malformedHeaderIsAnInvalidRequest() {
    assertRefused(
        global.get("/books", "Authorization", "Bearer a b"),
        400,
        "invalid_request",
        "bearer token has characters outside token68");
  }

  @Test
  void invalidTokensGet401() {
    assertRefused(
        global.bearer("/books", "not-a-jwt"), 401, "invalid_token", "token is not a compact JWS");
    assertRefused(global.bearer("/books", expired()), 401, "invalid_token", "token expired");
    assertRefused(
        global.bearer("/books", issuer.token().audience("other").sign()),
        401,
        "invalid_token",
        "audience not accepted");
    assertRefused(
        global.bearer("/books", issuer.token().headerKid("no-such-key").sign()),
        401,
        "invalid_token",
        "no signing key matches the token");
  }

  @Test
  void missingScopeGets403WithTheScopeParameter() {
    HttpResponse<String> refused =
        global.bearer("/books/1", issuer.token().scopes("books.write").sign());
    HttpResponse<String> allowed =
        global.bearer("/books/1", issuer.token().subject("carol").scopes("books.read").sign());

    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.headers().firstValue("WWW-Authenticate"))
        .hasValue(
            "Bearer error=\"insufficient_scope\", error_description=\"token lacks a required scope\", scope=\"books.read\"");
    assertThat(refused.body())
        .isEqualTo(
            "{\"error\":{\"code\":\"insufficient_scope\",\"message\":\"token lacks a required scope\"}}");
    assertThat(allowed.statusCode()).isEqualTo(200);
    assertThat(allowed.body()).startsWith("user=carol auth=true");
  }

  @Test
  void unreachableKeysGet503WithRetryAfter() {
    try (MockIssuer down = MockIssuer.start()) {
      down.jwks().respondWith(500);
      try (JaxrsServer server =
          start(
              Library.application(
                  GatehouseFeature.global(Guard.builder(verifier(down)).build())))) {
        HttpResponse<String> response = server.bearer("/books", down.token("alice"));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After"))
            .hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isPositive());
        assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
        assertThat(response.body())
            .isEqualTo(
                "{\"error\":{\"code\":\"temporarily_unavailable\",\"message\":\"signing keys unavailable\"}}");
      }
    }
  }

  @Test
  void permitAllLetsARequestWithoutTokenThrough() {
    HttpResponse<String> response = global.get("/books/covers");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).startsWith("user=null auth=false");
    assertThat(response.headers().firstValue("X-Auth")).isEmpty();
  }

  @Test
  void permitAllStillRejectsAnInvalidToken() {
    assertRefused(global.bearer("/books/covers", expired()), 401, "invalid_token", "token expired");
  }

  @Test
  void permitAllWithAValidTokenSeesThePrincipal() {
    HttpResponse<String> response = global.bearer("/books/covers", issuer.token("dave"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).startsWith("user=dave auth=true scheme=Bearer");
  }

  @Test
  void rolesAllowedFollowsTheTokensRoles() {
    String librarianToken = issuer.token().roles("librarian").sign();
    String readerToken = issuer.token().roles("reader").sign();
    HttpResponse<String> librarian =
        global.send("DELETE", "/books/1", "Authorization", "Bearer " + librarianToken);
    HttpResponse<String> reader =
        global.send("DELETE", "/books/1", "Authorization", "Bearer " + readerToken);
    HttpResponse<String> anonymous = global.send("DELETE", "/books/1");

    assertThat(librarian.statusCode()).isEqualTo(200);
    assertThat(librarian.body()).endsWith("librarian=true");
    assertThat(reader.statusCode()).isEqualTo(403);
    // Authentication comes first, so no token is the bare 401 challenge, not the role check's 403.
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.body()).isEqualTo(MISSING_BODY);
  }

  @Test
  void classPermitAllYieldsToTheMethodsRolesAllowed() {
    assertThat(global.get("/catalog").statusCode()).isEqualTo(200);
    assertThat(global.get("/catalog/shelf").statusCode()).isEqualTo(401);
    assertThat(
            global.bearer("/catalog/shelf", issuer.token().roles("librarian").sign()).statusCode())
        .isEqualTo(200);
  }

  @Test
  void classScopesApplyToEveryMethodUnlessTheMethodSaysOtherwise() {
    String reader = issuer.token().scopes("books.read").sign();
    String writer = issuer.token().scopes("books.write").sign();

    assertThat(global.bearer("/vault", reader).statusCode()).isEqualTo(200);
    assertThat(challenge(global.bearer("/vault", writer))).endsWith("scope=\"books.read\"");
    assertThat(global.bearer("/vault/write", writer).statusCode()).isEqualTo(200);
    assertThat(challenge(global.bearer("/vault/write", reader))).endsWith("scope=\"books.write\"");
    assertThat(global.get("/vault/lobby").statusCode()).isEqualTo(200);
    assertThat(global.get("/vault").statusCode()).isEqualTo(401);
  }

  @Test
  void globalRegistrationProtectsUnannotatedResources() {
    assertThat(global.get("/open").statusCode()).isEqualTo(401);
    assertThat(global.get("/bound").statusCode()).isEqualTo(401);
  }

  @Test
  void nameBoundRegistrationProtectsOnlyMarkedResources() {
    String reader = issuer.token().subject("erin").scopes("books.read").sign();

    assertThat(nameBound.get("/open").body()).startsWith("user=null");
    assertThat(nameBound.get("/books").statusCode()).isEqualTo(200);
    assertThat(nameBound.get("/bound").body()).isEqualTo(MISSING_BODY);
    assertThat(nameBound.get("/open/guarded").body()).isEqualTo(MISSING_BODY);
    assertThat(nameBound.bearer("/open/guarded", reader).body()).startsWith("user=erin auth=true");
    // Scopes imply a token, so @RequireScopes binds on its own.
    assertThat(nameBound.get("/open/scoped").statusCode()).isEqualTo(401);
    assertThat(nameBound.bearer("/open/scoped", issuer.token().sign()).statusCode()).isEqualTo(403);
    assertThat(nameBound.bearer("/open/scoped", reader).statusCode()).isEqualTo(200);
  }

  @Test
  void filterRegisteredByClassIsConfiguredFromApplicationProperties() {
    String reader = issuer.token().subject("frank").scopes("books.read").sign();

    assertThat(byClass.get("/books").body()).isEqualTo(MISSING_BODY);
    assertThat(byClass.bearer("/books", reader).body())
        .startsWith("user=frank auth=true scheme=Bearer");
    assertThat(byClass.get("/books/covers").statusCode()).isEqualTo(200);
    assertRefused(
        byClass.bearer("/books/covers", expired()), 401, "invalid_token", "token expired");
    assertThat(byClass.bearer("/books/1", issuer.token().sign()).statusCode()).isEqualTo(403);
    assertThat(byClass.bearer("/books/1", reader).statusCode()).isEqualTo(200);
    assertThat(challenge(byClass.bearer("/vault/write", reader))).endsWith("scope=\"books.write\"");
    assertThat(byClass.send("DELETE", "/books/1", "Authorization", "Bearer " + reader).statusCode())
        .isEqualTo(403);
  }

  @Test
  void excludePathsFromPropertiesSkipAuthentication() {
    HttpResponse<String> response = byClass.bearer("/health", "not-a-jwt");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).startsWith("user=null");
  }

  @Test
  void filterInstanceFromCodeProtectsEveryResource() {
    assertThat(byInstance.get("/open").statusCode()).isEqualTo(401);
    assertThat(byInstance.get("/catalog").statusCode()).isEqualTo(200);
    assertThat(byInstance.bearer("/books/1", issuer.token().sign()).statusCode()).isEqualTo(403);
    assertThat(byInstance.bearer("/books", issuer.token("grace")).body())
        .startsWith("user=grace auth=true");
  }

  @Test
  void annotateModeLetsRequestsThroughWithTheFailure() {
    try (JaxrsServer server =
        start(Library.application(settings(issuer, "mode", "annotate"), BearerAuthFilter.class))) {
      HttpResponse<String> missing = server.get("/books");
      HttpResponse<String> expired = server.bearer("/books", expired());

      assertThat(missing.statusCode()).isEqualTo(200);
      assertThat(missing.headers().firstValue("X-Failure")).hasValue("missing_token");
      assertThat(expired.statusCode()).isEqualTo(200);
      assertThat(expired.headers().firstValue("X-Failure")).hasValue("invalid_token");
      assertThat(expired.body()).startsWith("user=null");
    }
  }

  @Test
  void corsPreflightPassesUnauthenticated() {
    HttpResponse<String> preflight =
        global.send(
            "OPTIONS",
            "/books",
            "Origin",
            "https://app.example",
            "Access-Control-Request-Method",
            "GET");

    assertThat(preflight.statusCode()).isBetween(200, 299);
    // A plain OPTIONS is no preflight: it is refused, or answered by the runtime alone (RESTEasy).
    assertThat(global.send("OPTIONS", "/books").body()).doesNotStartWith("user=");
  }

  /** Issue 5: the servlet filter and the JAX-RS filter answer the same bad request identically. */
  @Test
  void answersMatchTheServletFilterByteForByte() throws Exception {
    // The servlet side needs a route rule for what @RequireScopes says on /books/{id}.
    Guard servletGuard =
        Guard.builder(guard.verifier())
            .rule(new RouteRule("GET", "/books/*", Requirement.scopes("books.read")))
            .build();
    String token = issuer.token("alice");
    String[] parts = token.split("\\.");
    List<String[]> requests =
        List.of(
            new String[] {},
            new String[] {"Authorization", "Basic dXNlcjpwYXNz"},
            new String[] {"Authorization", "Bearer"},
            new String[] {"Authorization", "Bearer " + token, "Authorization", "Bearer " + token},
            new String[] {"Authorization", "Bearer not-a-jwt"},
            new String[] {"Authorization", "Bearer " + expired()},
            new String[] {"Authorization", "Bearer " + issuer.token().audience("other").sign()},
            new String[] {
              "Authorization",
              "Bearer " + parts[0] + "." + issuer.token("mallory").split("\\.")[1] + "." + parts[2]
            },
            new String[] {
              "Authorization", "Bearer " + issuer.token().scopes("books.write").sign()
            });
    try (ServletServer servlet = ServletServer.start(servletGuard)) {
      for (String[] headers : requests) {
        Http.Answer expected = Http.answer("GET", servlet.uri("/books/1"), headers);
        Http.Answer actual = Http.answer("GET", global.uri("/books/1"), headers);

        assertThat(expected.status()).isBetween(400, 499);
        assertThat(actual).as(String.join(" ", headers)).isEqualTo(expected);
      }
    }
  }

  @Test
  void unreachableKeysAnswerMatchesTheServletFilter() throws Exception {
    try (MockIssuer down = MockIssuer.start()) {
      down.jwks().respondWith(500);
      String token = down.token("alice");
      try (ServletServer servlet = ServletServer.start(Guard.builder(verifier(down)).build());
          JaxrsServer jaxrs =
              start(
                  Library.application(
                      GatehouseFeature.global(Guard.builder(verifier(down)).build())))) {
        Http.Answer expected =
            Http.answer("GET", servlet.uri("/books"), "Authorization", "Bearer " + token);
        Http.Answer actual =
            Http.answer("GET", jaxrs.uri("/books"), "Authorization", "Bearer " + token);

        assertThat(expected.status()).isEqualTo(503);
        assertThat(actual).isEqualTo(expected);
      }
    }
  }

  @Test
  void problemJsonAnswersMatchTheServletFilter() throws Exception {
    Guard problems =
        Guard.builder(guard.verifier()).renderer(dev.gatehouse.ErrorRenderer.problemJson()).build();
    try (ServletServer servlet = ServletServer.start(problems);
        JaxrsServer jaxrs = start(Library.application(GatehouseFeature.global(problems)))) {
      for (String token : new String[] {"not-a-jwt", expired()}) {
        Http.Answer expected =
            Http.answer("GET", servlet.uri("/books"), "Authorization", "Bearer " + token);
        Http.Answer actual =
            Http.answer("GET", jaxrs.uri("/books"), "Authorization", "Bearer " + token);

        assertThat(actual).isEqualTo(expected);
      }
    }
  }

  static String challenge(HttpResponse<String> response) {
    return response.headers().firstValue("WWW-Authenticate").orElse("");
  }

  @Test
  void misspeltOrInvalidPropertiesFailTheApplicationsStart() {
    for (Object[] wrong :
        new Object[][] {{"audiences", "api"}, {"leeway-seconds", "api"}, {"mode", "lenient"}}) {
      Map<String, Object> settings = settings(issuer, wrong);
      JaxrsServer[] started = new JaxrsServer[1];
      Throwable failure =
          org.assertj.core.api.Assertions.catchThrowable(
              () -> started[0] = start(Library.application(settings, BearerAuthFilter.class)));
      if (started[0] != null) {
        started[0].close();
      }
      assertThat(failure).as(String.valueOf(wrong[0])).isNotNull();
      Throwable root = failure;
      while (root.getCause() != null
          && (root.getMessage() == null || !root.getMessage().contains("gatehouse."))) {
        root = root.getCause();
      }
      assertThat(root.getMessage()).contains("Gatehouse properties").contains((String) wrong[0]);
    }
  }

  static void assertRefused(
      HttpResponse<String> response, int status, String code, String message) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().allValues("WWW-Authenticate"))
        .containsExactly("Bearer error=\"" + code + "\", error_description=\"" + message + "\"");
    assertThat(response.headers().allValues("Cache-Control")).containsExactly("no-store");
    assertThat(response.body())
        .isEqualTo("{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}}");
  }
}
