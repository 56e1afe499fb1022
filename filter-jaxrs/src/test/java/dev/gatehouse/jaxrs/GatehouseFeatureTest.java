package dev.gatehouse.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.Guard;
import dev.gatehouse.IssuerPolicy;
import dev.gatehouse.TokenVerifier;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.Test;

/** Registration from code: arguments are checked, and bad annotations fail the start. */
final class GatehouseFeatureTest {
  private static final Guard GUARD =
      Guard.builder(
              TokenVerifier.builder()
                  .issuer(IssuerPolicy.builder("https://idp.example.com").audiences("api").build())
                  .build())
          .build();

  @Test
  void everyFactoryRejectsNull() {
    assertThatThrownBy(() -> GatehouseFeature.global(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("guard");
    assertThatThrownBy(() -> GatehouseFeature.nameBound(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("guard");
    assertThatThrownBy(() -> new BearerAuthFilter(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("guard");
  }

  @Test
  void toStringNamesTheRegistration() {
    assertThat(GatehouseFeature.global(GUARD)).hasToString("GatehouseFeature[global]");
    assertThat(GatehouseFeature.nameBound(GUARD)).hasToString("GatehouseFeature[name-bound]");
  }

  @Test
  void invalidRequireScopesFailsTheApplicationStart() {
    ResourceConfig config =
        new ResourceConfig(BadScopes.class).register(GatehouseFeature.global(GUARD));

    assertThatThrownBy(() -> JerseyServer.start(config).close())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("@RequireScopes on")
        .hasMessageContaining("two words");
  }

  @Path("/bad")
  public static final class BadScopes {
    @GET
    @RequireScopes("two words")
    public String get() {
      return "never";
    }
  }
}
