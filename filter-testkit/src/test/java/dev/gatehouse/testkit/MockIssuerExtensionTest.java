package dev.gatehouse.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(MockIssuerExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
final class MockIssuerExtensionTest {

  private static final List<MockIssuer> SEEN = new ArrayList<>();
  private static MockIssuer fromBeforeAll;

  private final Http http = new Http();
  private final MockIssuer fromConstructor;
  private MockIssuer fromBeforeEach;

  MockIssuerExtensionTest(MockIssuer issuer) {
    this.fromConstructor = issuer;
  }

  @BeforeAll
  static void beforeAll(MockIssuer issuer) {
    fromBeforeAll = issuer;
  }

  @BeforeEach
  void beforeEach(MockIssuer issuer) {
    fromBeforeEach = issuer;
  }

  @AfterAll
  static void theIssuerIsClosedAfterTheClassNotBefore() {
    assertThat(new Http().get(fromBeforeAll.jwksUri()).statusCode()).isEqualTo(200);
  }

  @Test
  @Order(1)
  void firstTestLeavesFaultsAndHitsBehind(MockIssuer issuer) {
    SEEN.add(issuer);
    http.get(issuer.jwksUri());
    issuer.jwks().respondWith(500);
    issuer.rotate();

    assertThat(issuer.jwks().hits()).isEqualTo(1);
  }

  @Test
  @Order(2)
  void secondTestGetsTheSameIssuerReset(MockIssuer issuer) {
    SEEN.add(issuer);

    assertThat(SEEN).hasSize(2);
    assertThat(SEEN.get(0)).isSameAs(SEEN.get(1));
    assertThat(issuer).isSameAs(fromBeforeAll).isSameAs(fromConstructor).isSameAs(fromBeforeEach);
    assertThat(issuer.jwks().hits()).isZero();
    assertThat(http.get(issuer.jwksUri()).statusCode()).isEqualTo(200);
    assertThat(new Verifier(issuer).servedKeys()).hasSize(2);
  }

  @Nested
  final class NestedTests {

    @Test
    void nestedTestsShareTheOuterClassIssuer(MockIssuer issuer) {
      assertThat(issuer).isSameAs(fromBeforeAll);
    }
  }
}
