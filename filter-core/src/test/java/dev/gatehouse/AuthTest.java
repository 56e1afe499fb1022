package dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.testkit.MockIssuer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What {@link Auth} shows of itself (issue 12), and that nothing can change it. */
final class AuthTest {
  /**
   * A verified token's claims are the reader's own read-only objects, kept without a copy: no
   * collection in them, however deep, can be changed, and neither can the scopes.
   */
  @Test
  @SuppressWarnings("unchecked")
  void aVerifiedTokensClaimsAndScopesCannotBeChanged() throws AuthException {
    try (MockIssuer issuer = MockIssuer.start()) {
      Auth auth =
          TestVerifiers.of(issuer)
              .verify(
                  issuer
                      .token()
                      .subject("alice")
                      .scopes("orders.read")
                      .claim("org", Map.of("id", "acme", "teams", List.of("a", "b")))
                      .sign());
      Map<String, Object> org = (Map<String, Object>) auth.claims().get("org");
      List<Object> teams = (List<Object>) org.get("teams");
      assertThat(teams).containsExactly("a", "b");
      List<Runnable> changes =
          List.of(
              () -> auth.claims().put("sub", "mallory"),
              () -> auth.claims().remove("sub"),
              () -> auth.claims().entrySet().iterator().next().setValue("mallory"),
              () -> auth.claims().replaceAll((k, v) -> v),
              () -> auth.claims().entrySet().removeIf(e -> true),
              () -> org.put("id", "globex"),
              () -> org.keySet().clear(),
              () -> teams.add("admins"),
              () -> teams.set(0, "admins"),
              () -> teams.removeIf(t -> true),
              () -> teams.sort(null),
              () -> auth.scopes().add("orders.write"),
              () -> auth.scopes().clear(),
              () -> auth.scopes().iterator().remove(),
              () -> auth.audiences().add("other"));
      for (Runnable change : changes) {
        assertThatThrownBy(change::run).isInstanceOf(UnsupportedOperationException.class);
      }
      assertThat(auth.subject()).isEqualTo("alice");
      assertThat(auth.scopes()).containsExactly("orders.read");
    }
  }

  /** Collections an application passes in are copied: changing them later changes no Auth. */
  @Test
  void collectionsGivenToTheConstructorAreCopied() {
    List<String> teams = new ArrayList<>(List.of("a"));
    Map<String, Object> org = new HashMap<>(Map.of("teams", teams));
    Map<String, Object> claims = new LinkedHashMap<>(Map.of("org", org));
    Set<String> scopes = new HashSet<>(Set.of("orders.read"));
    Auth auth =
        new Auth(
            "alice",
            "https://idp.example.com",
            new ArrayList<>(List.of("api")),
            scopes,
            Instant.parse("2026-12-01T10:00:00Z"),
            null,
            null,
            claims);
    teams.add("b");
    org.put("id", "acme");
    claims.put("sub", "mallory");
    scopes.add("orders.write");
    assertThat(auth.claims()).isEqualTo(Map.of("org", Map.of("teams", List.of("a"))));
    assertThat(auth.scopes()).containsExactly("orders.read");
  }

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
