package dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What {@link Auth} shows of itself (issue 12). */
final class AuthTest {
  @Test
  void toStringShowsSubjectIssuerAndExpiryOnly() {
    Auth auth =
        new Auth(
            "alice",
            "https://idp.example.com",
            List.of("api"),
            Set.of("orders.read"),
            Instant.parse("2026-12-01T10:00:00Z"),
            null,
            "jti-1",
            Map.of("email", "alice@example.com", "tenant", "secret-tenant"));

    assertThat(auth.toString())
        .isEqualTo(
            "Auth[subject=alice, issuer=https://idp.example.com, expiresAt=2026-12-01T10:00:00Z]");
  }
}
