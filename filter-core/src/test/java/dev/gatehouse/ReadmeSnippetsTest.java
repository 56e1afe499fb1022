package dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.servlet.RequireAuthFilter;
import dev.gatehouse.testkit.MockIssuer;
import jakarta.servlet.DispatcherType;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.Test;

/**
 * Keeps the README's snippets true: the Java ones are compiled here, the web.xml names are checked.
 */
final class ReadmeSnippetsTest {
  private static final Path README = Path.of("..", "README.md");

  static ServletContextHandler embeddedJetty(String issuer, URI jwksUri) {
    // README: embedded Jetty
    TokenVerifier verifier =
        TokenVerifier.builder()
            .issuer(IssuerPolicy.builder(issuer).audiences("orders-api").jwksUri(jwksUri).build())
            .build();
    Guard guard =
        Guard.builder(verifier)
            .excludePaths("/health")
            .rule(new RouteRule("POST", "/orders/*", Requirement.scopes("orders.write")))
            .requiredScopes("orders.read")
            .build();
    ServletContextHandler context = new ServletContextHandler();
    context.addFilter(
        new FilterHolder(new RequireAuthFilter(guard)), "/*", EnumSet.allOf(DispatcherType.class));
    // README: end
    return context;
  }

  static Guard resourceServer(String issuer, URI jwksUri) {
    // README: resource
    TokenVerifier verifier =
        TokenVerifier.builder()
            .resource("https://api.example.com/mcp")
            .issuer(IssuerPolicy.builder(issuer).jwksUri(jwksUri).build())
            .build();
    Guard guard =
        Guard.builder(verifier)
            .requiredScopes("mcp:tools")
            .resourceName("Example MCP server")
            .build();
    // README: end
    return guard;
  }

  static Guard requirements(TokenVerifier verifier) {
    // README: requirements
    Guard guard =
        Guard.builder(verifier)
            .rule(
                new RouteRule(
                    "POST",
                    "/payouts/*",
                    Requirement.scopes("payouts:write")
                        .and(Requirement.acr("urn:example:mfa"))
                        .and(Requirement.maxAge(Duration.ofMinutes(5)))
                        .and(Requirement.notDelegated())))
            .rule(
                new RouteRule(
                    "POST",
                    "/orgs/{org}/projects/*",
                    Requirement.inOrganization("org", "projects:write")))
            .rule(
                RouteRule.any(
                    "/reports/*",
                    Requirement.claimEquals("email_verified", true)
                        .and(Requirement.claimIncludes("groups", "analysts"))
                        .and(Requirement.claim("age", Long.class, age -> age >= 18))))
            .alsoRequire(Requirement.acr("urn:example:mfa"), List.of("/admin/*"))
            .build();
    // README: end
    return guard;
  }

  @Test
  void resourceAndRequirementSnippetsAreInTheReadmeAndBuild() throws Exception {
    String readme = Files.readString(README);
    assertThat(readme).contains(snippet("resource")).contains(snippet("requirements"));
    try (MockIssuer issuer = MockIssuer.start()) {
      Guard resource = resourceServer(issuer.issuer(), issuer.jwksUri());
      assertThat(resource.hasEndpoints()).isTrue();
      Guard guard = requirements(resource.verifier());
      assertThat(guard.verifier().resource()).isEqualTo("https://api.example.com/mcp");
      resource.verifier().close();
    }
  }

  static Guard observed(String issuer, URI jwksUri, List<String> alerts) {
    // README: observability
    TokenVerifier verifier =
        TokenVerifier.builder()
            .issuer(IssuerPolicy.builder(issuer).audiences("orders-api").jwksUri(jwksUri).build())
            .listener(AuditLog.create(AuditLog.Subject.HASH))
            .listener(
                event -> {
                  if (event instanceof GatehouseEvent.KeyFetch fetch
                      && fetch.outcome() == GatehouseEvent.KeyFetch.Outcome.FAILED) {
                    alerts.add(fetch.issuer());
                  }
                })
            .build();
    Guard guard =
        Guard.builder(verifier)
            .endpoint("/ready", Readiness.of(verifier))
            .requiredScopes("orders.read")
            .build();
    // README: end
    return guard;
  }

  @Test
  void observabilitySnippetIsInTheReadmeAndReportsAFailedFetch() throws Exception {
    assertThat(Files.readString(README)).contains(snippet("observability"));
    try (MockIssuer issuer = MockIssuer.start()) {
      issuer.jwks().respondWith(500);
      List<String> alerts = new java.util.concurrent.CopyOnWriteArrayList<>();
      Guard guard = observed(issuer.issuer(), issuer.jwksUri(), alerts);
      String token = issuer.token().subject("alice").audience("orders-api").sign();
      try (TokenVerifier verifier = guard.verifier()) {
        Decision decision =
            guard.decide(
                RequestView.builder("GET", "/orders")
                    .headers(
                        name ->
                            name.equals("Authorization") ? List.of("Bearer " + token) : List.of())
                    .build());
        assertThat(decision.failure().reason()).isEqualTo(FailureReason.KEYS_UNAVAILABLE);
        assertThat(alerts).containsExactly(issuer.issuer());
        assertThat(guard.hasEndpoints()).isTrue();
      }
    }
  }

  static Guard authorization(TokenVerifier verifier) {
    // README: authorization
    Guard guard =
        Guard.builder(verifier)
            .mode(Guard.Mode.OPTIONAL)
            .scopeMatcher(ScopeMatcher.HIERARCHICAL)
            .roles(RoleMapping.claims("realm_access.roles").withScopes(true))
            .renderer(ErrorRenderer.problemJson())
            .rule(new RouteRule("GET", "/reports/*", Requirement.scopes("reports:read")))
            .build();
    // README: end
    return guard;
  }

  static void revocation(
      TokenVerifier verifier,
      String issuer,
      String jti,
      String sid,
      String subject,
      String clientId) {
    // README: revocation
    Revocations revocations = verifier.revocations();
    // One token (jti), every token of a session (sid):
    revocations.revokeToken(issuer, jti);
    revocations.revokeSession(issuer, sid);
    // A ban or a password change: every token of the subject, or of a client, issued before now.
    revocations.revokeSubject(issuer, subject, Instant.now());
    revocations.revokeClient(issuer, clientId, Instant.now());
    // README: end
  }

  static TokenVerifier replica(String issuer) {
    // README: replica
    TokenVerifier verifier =
        TokenVerifier.builder()
            .issuer(IssuerPolicy.builder(issuer).audiences("orders-api").build())
            .revocationReplica("redis://127.0.0.1:6379")
            .build();
    // README: end
    return verifier;
  }

  @Test
  void replicaSnippetIsInTheReadmeAndNeedsTheRedisModule() throws Exception {
    assertThat(Files.readString(README)).contains(snippet("replica"));
    // filter-redis is not on this module's class path: the verifier says what to add.
    assertThatThrownBy(() -> replica("https://idp.example")).hasMessageContaining("filter-redis");
  }

  @Test
  void revocationSnippetIsInTheReadmeAndRecordsFourEntries() throws Exception {
    assertThat(Files.readString(README)).contains(snippet("revocation"));
    TokenVerifier verifier =
        TokenVerifier.builder()
            .issuer(IssuerPolicy.builder("https://idp.example").audiences("api").build())
            .build();
    revocation(verifier, "https://idp.example", "j", "s", "u", "c");
    assertThat(verifier.revocations().count()).isEqualTo(4);
    verifier.close();
  }

  @Test
  void authorizationSnippetIsInTheReadme() throws Exception {
    assertThat(Files.readString(README)).contains(snippet("authorization"));
    TokenVerifier verifier =
        TokenVerifier.builder()
            .issuer(IssuerPolicy.builder("https://idp.example").audiences("api").build())
            .build();
    assertThat(authorization(verifier).mode()).isEqualTo(Guard.Mode.OPTIONAL);
  }

  @Test
  void embeddedJettySnippetIsInTheReadmeAndRuns() throws Exception {
    String readme = Files.readString(README);
    assertThat(readme).contains(snippet("embedded Jetty"));
    try (MockIssuer issuer = MockIssuer.start()) {
      Server server = new Server(0);
      server.setHandler(embeddedJetty(issuer.issuer(), issuer.jwksUri()));
      server.start();
      server.stop();
    }
  }

  @Test
  void webXmlInitParamsAreSettingNames() throws Exception {
    String readme = Files.readString(README);
    Matcher names = Pattern.compile("<param-name>([^<]+)</param-name>").matcher(readme);
    List<String> found = new ArrayList<>();
    while (names.find()) {
      found.add(names.group(1));
    }
    assertThat(found)
        .isNotEmpty()
        .allSatisfy(name -> assertThat(Settings.isSettingName(name)).as(name).isTrue());
  }

  @Test
  void configurationTableIsTheSettingsTable() throws Exception {
    // The README's table is generated from Settings.TABLE: a new row is one line of code.
    assertThat(Files.readString(README)).contains(Settings.markdownTable());
  }

  /** The lines between "// README: <name>" and "// README: end" in this file, unindented. */
  private static String snippet(String name) throws Exception {
    List<String> lines =
        Files.readAllLines(Path.of("src/test/java/dev/gatehouse/ReadmeSnippetsTest.java"));
    int start = lines.indexOf("    // README: " + name);
    int end = start + lines.subList(start, lines.size()).indexOf("    // README: end");
    StringBuilder out = new StringBuilder();
    for (String line : lines.subList(start + 1, end)) {
      out.append(line.length() >= 4 ? line.substring(4) : line).append('\n');
    }
    return out.toString();
  }
}
