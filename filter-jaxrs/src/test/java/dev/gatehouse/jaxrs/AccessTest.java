package dev.gatehouse.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.Requirement;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

/** The precedence of {@code @PermitAll} and {@link RequireScopes}, method before class. */
final class AccessTest {
  @Test
  void unannotatedMethodNeedsAToken() throws Exception {
    assertThat(access(Library.Books.class, "list")).isEqualTo(Access.DEFAULT);
    assertThat(Access.of(null, null)).isEqualTo(Access.DEFAULT);
  }

  @Test
  void methodPermitAllMakesTheMethodPublic() throws Exception {
    assertThat(access(Library.Books.class, "covers").permitAll()).isTrue();
  }

  @Test
  void methodPermitAllWaivesClassScopes() throws Exception {
    Access lobby = access(Library.Vault.class, "lobby");

    assertThat(lobby.permitAll()).isTrue();
    assertThat(lobby.checksScopes()).isFalse();
  }

  @Test
  void classPermitAllYieldsToMethodRoles() throws Exception {
    assertThat(access(Library.Catalog.class, "browse").permitAll()).isTrue();
    assertThat(access(Library.Catalog.class, "shelf")).isEqualTo(Access.DEFAULT);
  }

  @Test
  void methodScopesReplaceClassScopes() throws Exception {
    assertThat(access(Library.Vault.class, "open").scopes())
        .isEqualTo(Requirement.scopes("books.read"));
    assertThat(access(Library.Vault.class, "write").scopes())
        .isEqualTo(Requirement.scopes("books.write"));
  }

  @Test
  void scopesBeatPermitAllAtTheSameLevel() throws Exception {
    Access method = access(Conflicts.class, "both");
    Access type = access(PublicButScoped.class, "get");

    assertThat(method).isEqualTo(new Access(false, Requirement.scopes("a")));
    assertThat(type).isEqualTo(new Access(false, Requirement.scopes("b")));
  }

  @Test
  void emptyScopesMeanAnyValidToken() throws Exception {
    assertThat(access(Conflicts.class, "none")).isEqualTo(Access.DEFAULT);
  }

  @Test
  void invalidScopeFailsNamingTheMethod() {
    assertThatThrownBy(() -> access(Conflicts.class, "invalid"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("@RequireScopes on")
        .hasMessageContaining("Conflicts.invalid()")
        .hasMessageContaining("books read");
  }

  private static Access access(Class<?> type, String name) throws NoSuchMethodException {
    Method method = null;
    for (Method m : type.getMethods()) {
      if (m.getName().equals(name)) {
        method = m;
      }
    }
    if (method == null) {
      throw new NoSuchMethodException(name);
    }
    return Access.of(method, type);
  }

  static final class Conflicts {
    @GET
    @PermitAll
    @RequireScopes("a")
    public void both() {}

    @GET
    @RequireScopes({})
    public void none() {}

    @GET
    @RequireScopes("books read")
    public void invalid() {}

    @GET
    @RolesAllowed("x")
    public void roles() {}
  }

  @PermitAll
  @RequireScopes("b")
  static final class PublicButScoped {
    @GET
    public void get() {}
  }
}
