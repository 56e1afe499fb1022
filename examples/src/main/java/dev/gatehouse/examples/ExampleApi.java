package dev.gatehouse.examples;

import dev.gatehouse.BackChannelLogout;
import dev.gatehouse.Guard;
import dev.gatehouse.IssuerPolicy;
import dev.gatehouse.Requirement;
import dev.gatehouse.RouteRule;
import dev.gatehouse.TokenVerifier;
import dev.gatehouse.testkit.MockIssuer;
import java.net.URI;

/**
 * The protection every embedded example applies, in code: {@code /health} is open, {@code
 * /api/admin/*} needs the {@value #ADMIN_SCOPE} scope, everything else a valid token for audience
 * {@value #AUDIENCE} from one issuer, and the issuer's back-channel logouts are received at {@value
 * #LOGOUT_PATH}.
 *
 * {@snippet :
 * Guard guard = ExampleApi.guard("https://idp.example.com", URI.create("https://idp.example.com/.well-known/jwks.json"));
 * context.addFilter(new FilterHolder(new RequireAuthFilter(guard)), "/*", EnumSet.allOf(DispatcherType.class));
 * }
 *
 * <p>The WAR example says the same with {@code web.xml} init-params.
 *
 * <p>Stateless and thread-safe.
 */
public final class ExampleApi {
  /** The audience the API accepts: the test kit's default, so {@code MockIssuer.start()} fits. */
  public static final String AUDIENCE = "api";

  /** The scope {@code /api/admin/*} needs. */
  public static final String ADMIN_SCOPE = "admin";

  /** The client id the identity provider's logout tokens are for. */
  public static final String CLIENT_ID = "example-web";

  /** Where the back-channel logout receiver is served. */
  public static final String LOGOUT_PATH = "/backchannel-logout";

  private ExampleApi() {}

  /**
   * The guard for tokens from {@code issuer}, whose keys are at {@code jwksUri}.
   *
   * @throws IllegalArgumentException if {@code jwksUri} is neither {@code https} nor loopback
   *     {@code http}
   */
  public static Guard guard(String issuer, URI jwksUri) {
    TokenVerifier verifier = verifier(issuer, jwksUri);
    return Guard.builder(verifier)
        .endpoint(LOGOUT_PATH, BackChannelLogout.builder(verifier).audiences(CLIENT_ID).build())
        .excludePaths("/health")
        .rule(RouteRule.any("/api/admin/*", Requirement.scopes(ADMIN_SCOPE)))
        .build();
  }

  /**
   * The same guard for the tokens of a {@link MockIssuer}, opaque ones included: those are checked
   * at its introspection endpoint (RFC 7662).
   */
  public static Guard guard(MockIssuer issuer) {
    TokenVerifier verifier =
        TokenVerifier.builder()
            .issuer(
                IssuerPolicy.builder(issuer.issuer())
                    .audiences(AUDIENCE)
                    .jwksUri(issuer.jwksUri())
                    .introspectionUri(issuer.introspectionUri())
                    .introspectionClient(
                        MockIssuer.INTROSPECTION_CLIENT_ID, MockIssuer.INTROSPECTION_CLIENT_SECRET)
                    .build())
            .build();
    return Guard.builder(verifier)
        .endpoint(LOGOUT_PATH, BackChannelLogout.builder(verifier).audiences(CLIENT_ID).build())
        .excludePaths("/health")
        .rule(RouteRule.any("/api/admin/*", Requirement.scopes(ADMIN_SCOPE)))
        .build();
  }

  /**
   * The verifier for tokens from {@code issuer} for audience {@value #AUDIENCE}, whose keys are at
   * {@code jwksUri}.
   *
   * @throws IllegalArgumentException if {@code jwksUri} is neither {@code https} nor loopback
   *     {@code http}
   */
  public static TokenVerifier verifier(String issuer, URI jwksUri) {
    return TokenVerifier.builder()
        .issuer(IssuerPolicy.builder(issuer).audiences(AUDIENCE).jwksUri(jwksUri).build())
        .build();
  }
}
