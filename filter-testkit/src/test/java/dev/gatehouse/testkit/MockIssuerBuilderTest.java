package dev.gatehouse.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class MockIssuerBuilderTest {

  @Test
  void everySetterRejectsNull() {
    MockIssuer.Builder builder = MockIssuer.builder();

    assertThatThrownBy(() -> builder.clock(null)).hasMessage("clock");
    assertThatThrownBy(() -> builder.issuerPath(null)).hasMessage("issuerPath");
    assertThatThrownBy(() -> builder.jwksPath(null)).hasMessage("jwksPath");
    assertThatThrownBy(() -> builder.algorithm(null)).hasMessage("alg");
    assertThatThrownBy(() -> builder.audience(null)).hasMessage("audience");
  }

  @ParameterizedTest
  @ValueSource(strings = {"tenant1", "/tenant1/", "/", "//x", "/a b", "/x?y", "/x#y", "/%zz"})
  void malformedIssuerPathIsRejected(String path) {
    MockIssuer.Builder builder = MockIssuer.builder().issuerPath(path);

    assertThatThrownBy(builder::start)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("issuerPath must be")
        .hasMessageEndingWith(": " + path);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "/", "jwks", "/jwks/", "/a b"})
  void malformedJwksPathIsRejected(String path) {
    MockIssuer.Builder builder = MockIssuer.builder().jwksPath(path);

    assertThatThrownBy(builder::start)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("jwksPath must be");
  }

  @Test
  void jwksPathMayNotShadowAMetadataDocument() {
    MockIssuer.Builder builder = MockIssuer.builder().jwksPath("/.well-known/openid-configuration");

    assertThatThrownBy(builder::start)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("jwksPath must not be a metadata location: /.well-known/openid-configuration");
  }

  @Test
  void unsupportedAlgorithmAndBlankAudienceAreRejected() {
    assertThatThrownBy(() -> MockIssuer.builder().algorithm("HS256").start())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("alg must be one of [ES256, ES384")
        .hasMessageEndingWith(": HS256");
    assertThatThrownBy(() -> MockIssuer.builder().audience(" ").start())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("audience must not be blank: ' '");
  }

  @Test
  void percentEncodedIssuerPathIsAccepted() {
    try (MockIssuer issuer = MockIssuer.builder().issuerPath("/t%C3%A9nant/v2").start()) {
      assertThat(issuer.issuer()).endsWith("/t%C3%A9nant/v2");
      assertThat(new Http().get(issuer.jwksUri()).statusCode()).isEqualTo(200);
      assertThat(new Http().get(issuer.oauthMetadataUri()).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void eachStartIsAnIndependentIssuer() {
    MockIssuer.Builder builder = MockIssuer.builder();

    try (MockIssuer first = builder.start();
        MockIssuer second = builder.start()) {
      assertThat(first.issuer()).isNotEqualTo(second.issuer());
      assertThat(first.signingKid()).isNotEqualTo(second.signingKid());
    }
  }

  @Test
  void serverThreadsAreDaemonsSoAForgottenIssuerNeverKeepsTheJvmAlive() {
    Http http = new Http();
    Set<Thread> before = nonDaemonThreads();

    try (MockIssuer issuer = MockIssuer.start()) {
      assertThat(http.get(issuer.jwksUri()).statusCode()).isEqualTo(200);

      assertThat(nonDaemonThreads()).isSubsetOf(before);
    }
  }

  private static Set<Thread> nonDaemonThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> !thread.isDaemon())
        .collect(Collectors.toSet());
  }
}
