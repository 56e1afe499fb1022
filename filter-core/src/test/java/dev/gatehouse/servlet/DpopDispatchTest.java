package dev.gatehouse.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.DpopPolicy;
import dev.gatehouse.Guard;
import dev.gatehouse.IssuerPolicy;
import dev.gatehouse.Requirement;
import dev.gatehouse.RouteRule;
import dev.gatehouse.TokenVerifier;
import dev.gatehouse.testkit.DpopProver;
import dev.gatehouse.testkit.MockIssuer;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A DPoP request that the container dispatches again (forward, include, async, error page) to a
 * protected path, with the filter mapped on every dispatcher type, on Jetty and Tomcat: the proof
 * names the URL the client called, is checked on every dispatch, and counts as used once per
 * exchange, so a second dispatch is no replay while a second request with the same proof is.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class DpopDispatchTest {
  private MockIssuer issuer;
  private TokenVerifier verifier;
  private final DpopProver client = DpopProver.es256();
  private final List<Container> everything = new ArrayList<>();
  private final List<Container> openExcluded = new ArrayList<>();

  @BeforeAll
  void start() {
    issuer = MockIssuer.start();
    verifier =
        TokenVerifier.builder()
            .issuer(
                IssuerPolicy.builder(issuer.issuer())
                    .audiences("api")
                    .jwksUri(issuer.jwksUri())
                    .dpop(IssuerPolicy.Dpop.ACCEPT)
                    .build())
            .dpop(DpopPolicy.builder().build())
            .build();
    Guard all =
        Guard.builder(verifier)
            .rule(new RouteRule("GET", "/protected/*", Requirement.scopes("secret")))
            .build();
    Guard open =
        Guard.builder(verifier)
            .excludePaths("/open/*")
            .rule(new RouteRule("GET", "/protected/*", Requirement.scopes("secret")))
            .build();
    everything.add(Container.jetty(new RequireAuthFilter(all)));
    everything.add(Container.tomcat(new RequireAuthFilter(all)));
    openExcluded.add(Container.jetty(new RequireAuthFilter(open)));
    openExcluded.add(Container.tomcat(new RequireAuthFilter(open)));
  }

  @AfterAll
  void stop() {
    everything.forEach(Container::stop);
    openExcluded.forEach(Container::stop);
    verifier.close();
    issuer.close();
  }

  Stream<Container> everything() {
    return everything.stream();
  }

  Stream<Container> openExcluded() {
    return openExcluded.stream();
  }

  private String token(String... scopes) {
    return issuer
        .token()
        .subject("alice")
        .scopes(scopes)
        .expiresIn(Duration.ofMinutes(5))
        .dpopBound(client.thumbprint())
        .sign();
  }

  private Container.Answer send(Container container, String path, String token, String proof) {
    return container.send("GET", path, "Authorization", "DPoP " + token, "DPoP", proof);
  }

  private String proof(Container container, String path, String token) {
    return client.proof("GET", URI.create("http://127.0.0.1:" + container.port() + path), token);
  }

  @ParameterizedTest
  @MethodSource("everything")
  void aSecondDispatchOfTheSameExchangeIsNoReplay(Container container) {
    String token = token("secret");
    for (String path : List.of("/open/forward", "/open/include", "/open/async", "/open/error")) {
      String proof = proof(container, path, token);

      Container.Answer answer = send(container, path, token, proof);

      assertThat(answer.body()).as(path).contains(ServletApp.SECRET);
      assertThat(answer.body()).as(path).doesNotContain("invalid_dpop_proof");
      Container.Answer replay = send(container, path, token, proof);
      assertThat(replay.status()).as(path).isEqualTo(401);
      assertThat(replay.body()).as(path).contains("DPoP proof was used before");
    }
  }

  @ParameterizedTest
  @MethodSource("openExcluded")
  void aDispatchFromAnOpenPathChecksTheProofAgainstTheUrlTheClientCalled(Container container) {
    String token = token("secret");
    for (String path : List.of("/open/forward", "/open/async", "/open/error")) {
      Container.Answer answer = send(container, path, token, proof(container, path, token));
      assertThat(answer.body()).as(path).contains(ServletApp.SECRET);

      // A proof for the dispatch's target is not one for the URL the client called.
      Container.Answer target =
          send(container, path, token, proof(container, "/protected/data", token));
      assertThat(target.body()).as(path).doesNotContain(ServletApp.SECRET);
      assertThat(target.body()).as(path).contains("htu does not match");

      // Nor is a proof without scope any better on the dispatch than on the request.
      String unscoped = token();
      Container.Answer forbidden =
          send(container, path, unscoped, proof(container, path, unscoped));
      assertThat(forbidden.body()).as(path).doesNotContain(ServletApp.SECRET);
    }
    Container.Answer include =
        send(container, "/open/include", token, proof(container, "/open/include", token));
    assertThat(include.body()).contains(ServletApp.SECRET);
  }

  @ParameterizedTest
  @MethodSource("everything")
  void anEmptyDpopHeaderIsAClearRefusal(Container container) {
    String token = token("secret");

    Container.Answer empty = send(container, "/protected/data", token, "");

    assertThat(empty.status()).isEqualTo(401);
    assertThat(empty.body()).contains("invalid_dpop_proof").doesNotContain(ServletApp.SECRET);
    Container.Answer missing =
        container.send("GET", "/protected/data", "Authorization", "DPoP " + token);
    assertThat(missing.status()).isEqualTo(401);
    assertThat(missing.body()).contains("DPoP proof is missing");
  }
}
