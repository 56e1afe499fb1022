package dev.gatehouse.examples;

import dev.gatehouse.testkit.MockIssuer;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The requests every servlet example (Jetty, Tomcat, WAR) answers the same way, with tokens minted
 * by a {@link MockIssuer}, and how to print them as curl commands.
 *
 * <p>Stateless and thread-safe.
 */
public final class Scenarios {
  /** What the servlet examples protect, in one line. */
  public static final String SERVLET_ROUTES =
      "/health is open, /api/* needs a valid token, /api/admin/* also the 'admin' scope.";

  /** How long the printed tokens stay valid: long enough to try them while the example runs. */
  public static final Duration TOKEN_LIFETIME = Duration.ofHours(24);

  private Scenarios() {}

  /**
   * Valid token, expired token, wrong audience, missing scope, no token; then the admin scope and
   * the open health check.
   */
  public static List<Scenario> servletApi(MockIssuer issuer) {
    Instant now = issuer.clock().instant();
    String alice =
        issuer.token().subject("alice").scopes("orders.read").expiresIn(TOKEN_LIFETIME).sign();
    String expired =
        issuer
            .token()
            .subject("alice")
            .scopes("orders.read")
            .issuedAt(now.minus(Duration.ofHours(2)))
            .expiresAt(now.minus(Duration.ofHours(1)))
            .sign();
    String otherAudience =
        issuer.token().subject("alice").audience("another-api").expiresIn(TOKEN_LIFETIME).sign();
    String admin =
        issuer
            .token()
            .subject("bob")
            .scopes("orders.read", ExampleApi.ADMIN_SCOPE)
            .expiresIn(TOKEN_LIFETIME)
            .sign();
    return List.of(
        new Scenario(
            "valid token",
            "/api/orders",
            alice,
            200,
            null,
            "{\"path\":\"/api/orders\",\"subject\":\"alice\",\"scopes\":[\"orders.read\"]}"),
        new Scenario(
            "expired token",
            "/api/orders",
            expired,
            401,
            "Bearer error=\"invalid_token\", error_description=\"token expired\"",
            "{\"error\":{\"code\":\"invalid_token\",\"message\":\"token expired\"}}"),
        new Scenario(
            "token for another audience",
            "/api/orders",
            otherAudience,
            401,
            "Bearer error=\"invalid_token\", error_description=\"audience not accepted\"",
            "{\"error\":{\"code\":\"invalid_token\",\"message\":\"audience not accepted\"}}"),
        new Scenario(
            "valid token without the admin scope",
            "/api/admin/reports",
            alice,
            403,
            "Bearer error=\"insufficient_scope\", error_description=\"token lacks a required scope\", scope=\"admin\"",
            "{\"error\":{\"code\":\"insufficient_scope\",\"message\":\"token lacks a required scope\"}}"),
        new Scenario(
            "no token",
            "/api/orders",
            null,
            401,
            "Bearer",
            "{\"error\":{\"code\":\"missing_token\",\"message\":\"no bearer token\"}}"),
        new Scenario(
            "token with the admin scope",
            "/api/admin/reports",
            admin,
            200,
            null,
            "{\"path\":\"/api/admin/reports\",\"subject\":\"bob\",\"scopes\":[\"orders.read\",\"admin\"]}"),
        new Scenario(
            "health check, open to all", "/health", null, 200, null, "{\"status\":\"up\"}"));
  }

  /**
   * Prints the scenarios as curl commands against {@code base}, each after comment lines with the
   * answer to expect, so the whole block can be pasted into a shell.
   */
  public static void print(PrintStream out, URI base, List<Scenario> scenarios) {
    int n = 1;
    for (Scenario scenario : scenarios) {
      out.println(comment(n++, scenario));
      out.println(scenario.curl(base));
      out.println();
    }
  }

  /** The comment before a scenario's curl command: its number, title and expected answer. */
  static String comment(int n, Scenario scenario) {
    List<String> expected = scenario.expectation();
    StringBuilder out = new StringBuilder("# ").append(n).append(". ").append(scenario.title());
    out.append(": expect ").append(expected.get(0));
    for (String line : expected.subList(1, expected.size())) {
      out.append(System.lineSeparator()).append("#    ").append(line);
    }
    return out.toString();
  }
}
