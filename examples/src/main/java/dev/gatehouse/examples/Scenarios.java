package dev.gatehouse.examples;

import dev.gatehouse.testkit.MockIssuer;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

  /** The session of alice's token, which the printed back-channel logout ends. */
  public static final String DEMO_SESSION = "alice-session";

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
        issuer
            .token()
            .subject("alice")
            .scopes("orders.read")
            .claim("sid", DEMO_SESSION)
            .expiresIn(TOKEN_LIFETIME)
            .sign();
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

  /**
   * Prints, numbered after {@code scenarios}, a curl that makes the mock issuer send a back-channel
   * logout of alice's session to the example, and the first scenario's curl again, which then gets
   * 401 "token revoked".
   */
  public static void printLogout(
      PrintStream out, MockIssuer issuer, URI base, List<Scenario> scenarios) {
    Scenario first = scenarios.get(0);
    URI trigger =
        issuer.logoutTrigger(
            base.resolve(ExampleApi.LOGOUT_PATH), ExampleApi.CLIENT_ID, DEMO_SESSION);
    int n = scenarios.size() + 1;
    Scenario opaque = opaque(issuer);
    out.println(comment(n, opaque));
    out.println(opaque.curl(base));
    out.println();
    n++;
    out.println(
        "# "
            + n
            + ". alice signs out at the mock issuer, which sends the example a back-channel"
            + " logout: expect 200");
    out.println("#    {\"delivered\":200}");
    out.println("curl -i " + trigger);
    out.println();
    out.println(comment(n + 1, afterLogout(first)));
    out.println(afterLogout(first).curl(base));
    out.println();
  }

  /** An opaque token, which the example checks at the mock issuer's introspection endpoint. */
  public static Scenario opaque(MockIssuer issuer) {
    Map<String, Object> members = new LinkedHashMap<>();
    members.put("iss", issuer.issuer());
    members.put("sub", "olivia");
    members.put("aud", ExampleApi.AUDIENCE);
    members.put("scope", "orders.read");
    members.put("exp", issuer.clock().instant().plus(TOKEN_LIFETIME).getEpochSecond());
    return new Scenario(
        "opaque token, introspected at the mock issuer",
        "/api/orders",
        issuer.opaqueToken(members),
        200,
        null,
        "{\"path\":\"/api/orders\",\"subject\":\"olivia\",\"scopes\":[\"orders.read\"]}");
  }

  /** {@code first}, sent again once its session was logged out. */
  static Scenario afterLogout(Scenario first) {
    return new Scenario(
        first.title() + " again, after the logout",
        first.path(),
        first.token(),
        401,
        "Bearer error=\"invalid_token\", error_description=\"token revoked\"",
        "{\"error\":{\"code\":\"invalid_token\",\"message\":\"token revoked\"}}");
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
