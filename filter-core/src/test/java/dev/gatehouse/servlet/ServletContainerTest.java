package dev.gatehouse.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.BackChannelLogout;
import dev.gatehouse.Guard;
import dev.gatehouse.Requirement;
import dev.gatehouse.RouteRule;
import dev.gatehouse.TestVerifiers;
import dev.gatehouse.TokenVerifier;
import dev.gatehouse.testkit.MockIssuer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 11's servlet bypass classes on Jetty 12 and Tomcat (11 here, 10.1 in the {@code tomcat10}
 * run): dispatches, HEAD, method override, preflight, trailing slashes, suffixes, planted
 * attributes, and a set of tricky paths whose answer must never be the protected resource.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class ServletContainerTest {
  private MockIssuer issuer;
  private final List<Container> containers = new ArrayList<>();

  @BeforeAll
  void start() {
    issuer = MockIssuer.start();
    TokenVerifier verifier = TestVerifiers.of(issuer);
    Guard guard =
        Guard.builder(verifier)
            .excludePaths("/open/*", "/assets/*.css")
            .rule(new RouteRule("GET", "/protected/*", Requirement.scopes("secret")))
            .rule(new RouteRule("DELETE", "/protected/*", Requirement.scopes("delete")))
            .rule(new RouteRule("GET", "/audit", Requirement.scopes("audit")))
            .endpoint(
                "/backchannel-logout", BackChannelLogout.builder(verifier).audiences("web").build())
            .build();
    containers.add(Container.jetty(new RequireAuthFilter(guard)));
    containers.add(Container.tomcat(new RequireAuthFilter(guard)));
    String expected = System.getProperty("expected.tomcat.version");
    if (expected != null) {
      assertThat(containers.get(1).name()).startsWith("Tomcat " + expected);
    }
  }

  @AfterAll
  void stop() {
    containers.forEach(Container::stop);
    issuer.close();
  }

  Stream<Container> containers() {
    return containers.stream();
  }

  private String bearer(String... scopes) {
    return "Bearer " + issuer.token().scopes(scopes).sign();
  }

  @ParameterizedTest
  @MethodSource("containers")
  void theLogoutReceiverIsServedByTheFilterAndRevokesTheSession(Container container) {
    String sid = "s-" + container.name();
    String token = "Bearer " + issuer.token().scopes("secret").claim("sid", sid).sign();
    assertThat(container.send("GET", "/protected/data", "Authorization", token).body())
        .contains(ServletApp.SECRET);
    String form = "logout_token=" + issuer.logoutToken("web").claim("sid", sid).sign();

    Container.Answer answer = container.postForm("/backchannel-logout", form);

    assertThat(answer.status()).as(answer.head()).isEqualTo(200);
    assertThat(answer.head()).containsIgnoringCase("Cache-Control: no-store");
    Container.Answer refused = container.send("GET", "/protected/data", "Authorization", token);
    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.body()).contains("token revoked").doesNotContain(ServletApp.SECRET);
  }

  @ParameterizedTest
  @MethodSource("containers")
  void pathsNearTheLogoutReceiverNeverReachTheApplicationWithoutAToken(Container container) {
    String form = "logout_token=" + issuer.logoutToken("web").claim("sid", "near").sign();
    for (String target :
        List.of(
            "/backchannel-logout/",
            "/backchannel-logout;x=1",
            "/backchannel-logout/x",
            "/backchannel-logout.json",
            "/BACKCHANNEL-LOGOUT",
            "/%62ackchannel-logout",
            "/open/../backchannel-logout",
            "/backchannel-logout%20")) {
      Container.Answer answer = container.postForm(target, form);
      assertThat(answer.body()).as(target).doesNotContain("echo");
      assertThat(answer.status()).as(target).isIn(200, 400, 401, 404);
    }
  }

  @ParameterizedTest
  @MethodSource("containers")
  void includeOfAProtectedServletIsJudgedByTheIncludedPath(Container container) {
    Container.Answer answer = container.send("GET", "/open/include");

    assertThat(answer.body()).doesNotContain(ServletApp.SECRET).contains("missing_token");
    assertThat(container.send("GET", "/open/include", "Authorization", bearer("secret")).body())
        .contains(ServletApp.SECRET);
  }

  @ParameterizedTest
  @MethodSource("containers")
  void forwardToAProtectedServletNeedsItsScope(Container container) {
    assertThat(container.send("GET", "/open/forward").status()).isEqualTo(401);
    assertThat(container.send("GET", "/open/forward", "Authorization", bearer()).status())
        .isEqualTo(403);
    assertThat(container.send("GET", "/open/forward", "Authorization", bearer("secret")).body())
        .isEqualTo(ServletApp.SECRET);
  }

  @ParameterizedTest
  @MethodSource("containers")
  void asyncDispatchToAProtectedServletNeedsAToken(Container container) {
    Container.Answer answer = container.send("GET", "/open/async");

    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.body()).doesNotContain(ServletApp.SECRET);
  }

  @ParameterizedTest
  @MethodSource("containers")
  void errorPageOnAProtectedPathIsNotServedWithoutAToken(Container container) {
    Container.Answer answer = container.send("GET", "/open/error");

    assertThat(answer.body()).doesNotContain(ServletApp.SECRET);
  }

  @ParameterizedTest
  @MethodSource("containers")
  void plantedAuthAttributeIsRemovedWhereNoTokenIsJudged(Container container) {
    assertThat(container.send("GET", "/open/attr").body()).isEqualTo("attr=null principal=null");
    assertThat(container.send("GET", "/protected/data").status()).isEqualTo(401);
  }

  @ParameterizedTest
  @MethodSource("containers")
  void headIsJudgedByTheGetRule(Container container) {
    Container.Answer answer = container.send("HEAD", "/protected/data", "Authorization", bearer());

    assertThat(answer.status()).isEqualTo(403);
    assertThat(answer.head()).doesNotContain("X-Secret");
  }

  @ParameterizedTest
  @MethodSource("containers")
  void methodOverrideMustPassTheOverriddenMethodsRule(Container container) {
    Container.Answer answer =
        container.send(
            "POST",
            "/protected/data",
            "Authorization",
            bearer(),
            "X-HTTP-Method-Override",
            "DELETE");

    assertThat(answer.status()).isEqualTo(403);
    assertThat(
            container
                .send(
                    "POST",
                    "/protected/data",
                    "Authorization",
                    bearer("delete"),
                    "X-HTTP-Method-Override",
                    "DELETE")
                .body())
        .isEqualTo("deleted " + ServletApp.SECRET);
  }

  @ParameterizedTest
  @MethodSource("containers")
  void emptyPreflightHeadersDoNotMakeAPreflight(Container container) {
    Container.Answer answer =
        container.send(
            "OPTIONS", "/protected/data", "Origin", "", "Access-Control-Request-Method", "");

    assertThat(answer.status()).isEqualTo(401);
    assertThat(
            container
                .send(
                    "OPTIONS",
                    "/protected/data",
                    "Origin",
                    "https://app.example",
                    "Access-Control-Request-Method",
                    "GET")
                .status())
        .isEqualTo(200);
  }

  @ParameterizedTest
  @MethodSource("containers")
  void exactRuleCoversTheTrailingSlash(Container container) {
    assertThat(container.send("GET", "/audit/", "Authorization", bearer()).status()).isEqualTo(403);
    assertThat(container.send("GET", "/audit", "Authorization", bearer()).status()).isEqualTo(403);
  }

  @ParameterizedTest
  @MethodSource("containers")
  void extensionExclusionOpensOnlyItsPrefix(Container container) {
    assertThat(container.send("GET", "/assets/site.css").status()).isEqualTo(200);
    assertThat(container.send("GET", "/protected/data.css").status()).isEqualTo(401);
    assertThat(container.send("GET", "/api/orders/42.css").status()).isEqualTo(401);
  }

  /** Paths that containers normalise, refuse or route in surprising ways. */
  static final List<String> TRICKY =
      List.of(
          "/protected/data",
          "/protected/data/",
          "/protected//data",
          "//protected/data",
          "/protected/./data",
          "/open/../protected/data",
          "/open/%2e%2e/protected/data",
          "/open/%2E%2E/protected/data",
          "/open%2F..%2Fprotected/data",
          "/open/..%2Fprotected/data",
          "/open/%252e%252e/protected/data",
          "/open;x=y/../protected/data",
          "/open/..;/protected/data",
          "/protected;x=y/data",
          "/protected/data;jsessionid=1",
          "/protected/%64ata",
          "/%70rotected/data",
          "/assets/../protected/data",
          "/assets/x.css/../../protected/data",
          "/assets/%2e%2e/protected/data.css",
          "/protected/data.css",
          "/protected/data%20",
          "/protected/data%09",
          "/open/%00/../../protected/data",
          "/open\\..\\protected/data",
          "/open/%5c..%5cprotected/data");

  @Test
  void noTrickyPathServesTheProtectedResourceWithoutItsScope() {
    String withoutScope = bearer();
    List<String> report = new ArrayList<>();
    for (Container container : containers) {
      for (String path : TRICKY) {
        Container.Answer anonymous = container.send("GET", path);
        Container.Answer unscoped = container.send("GET", path, "Authorization", withoutScope);
        report.add(container + " " + path + " -> " + anonymous.status() + "/" + unscoped.status());
        assertThat(anonymous.body()).as(container + " " + path).doesNotContain(ServletApp.SECRET);
        assertThat(unscoped.body()).as(container + " " + path).doesNotContain(ServletApp.SECRET);
      }
    }
    System.out.println(String.join("\n", report));
  }
}
