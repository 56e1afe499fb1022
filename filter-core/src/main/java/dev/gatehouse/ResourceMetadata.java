package dev.gatehouse;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The OAuth 2.0 Protected Resource Metadata document (RFC 9728 §2, §3.2) of a guard whose verifier
 * names its {@linkplain TokenVerifier.Builder#resource resource}: {@code resource}, {@code
 * authorization_servers} (the trusted issuers), {@code scopes_supported} (every scope a rule, the
 * default or an adapter's annotations name, and those configured), {@code bearer_methods_supported}
 * (what the guard accepts), {@code resource_name} and {@code resource_documentation} when set,
 * {@code dpop_signing_alg_values_supported} and {@code dpop_bound_access_tokens_required} (RFC 9449
 * §5.2) when an issuer accepts DPoP, {@code tls_client_certificate_bound_access_tokens} (RFC 8705
 * §3.4) when certificate-bound tokens are configured. {@code GET} or {@code HEAD} only,
 * unauthenticated, {@code application/json}, {@code Cache-Control: public, max-age=3600}; any other
 * method gets {@code 405}.
 *
 * <p>Immutable and thread-safe.
 */
final class ResourceMetadata implements Endpoint {
  /** How long clients and caches may keep the document. */
  static final String CACHE_CONTROL = "public, max-age=3600";

  private final String resource;
  private final List<String> authorizationServers;
  private final Set<String> scopes;
  private final List<String> bearerMethods;
  private final @Nullable String name;
  private final @Nullable String documentation;
  private final @Nullable String dpopAlgs;
  private final boolean dpopRequired;
  private final boolean certificateBound;
  private final Rejection document;

  /** The last document rendered with an adapter's extra scopes, and those scopes. */
  private volatile @Nullable Rendered withDeclared;

  private record Rendered(Set<String> declared, Rejection document) {}

  ResourceMetadata(
      String resource,
      List<String> authorizationServers,
      Set<String> scopes,
      List<String> bearerMethods,
      @Nullable String name,
      @Nullable String documentation,
      @Nullable String dpopAlgs,
      boolean dpopRequired,
      boolean certificateBound) {
    this.resource = resource;
    this.authorizationServers = List.copyOf(authorizationServers);
    this.scopes = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(scopes));
    this.bearerMethods = List.copyOf(bearerMethods);
    this.name = name;
    this.documentation = documentation;
    this.dpopAlgs = dpopAlgs;
    this.dpopRequired = dpopRequired;
    this.certificateBound = certificateBound;
    this.document = render(scopes);
  }

  /**
   * The document; scopes in {@code view}'s declared requirement (an adapter's annotations, which
   * only it can collect) are listed too.
   */
  @Override
  public Rejection handle(RequestView view, InputStream body) {
    if (!"GET".equals(view.method) && !"HEAD".equals(view.method)) {
      return EventTokens.methodNotAllowed(
          "GET, HEAD", JsonBodies.oauthError("invalid_request", "use GET"));
    }
    Set<String> declared = view.declared.scopes();
    if (declared.isEmpty() || scopes.containsAll(declared)) {
      return document;
    }
    Rendered last = withDeclared;
    if (last != null && last.declared().equals(declared)) {
      return last.document();
    }
    Set<String> all = new LinkedHashSet<>(scopes);
    all.addAll(declared);
    Rejection rendered = render(all);
    withDeclared = new Rendered(declared, rendered);
    return rendered;
  }

  private Rejection render(Set<String> allScopes) {
    StringWriter out = new StringWriter(256);
    try (JsonGenerator json = JsonBodies.generator(out)) {
      json.writeStartObject();
      json.writeStringField("resource", resource);
      strings(json, "authorization_servers", authorizationServers);
      if (!allScopes.isEmpty()) {
        strings(json, "scopes_supported", allScopes);
      }
      strings(json, "bearer_methods_supported", bearerMethods);
      if (name != null) {
        json.writeStringField("resource_name", name);
      }
      if (documentation != null) {
        json.writeStringField("resource_documentation", documentation);
      }
      if (certificateBound) {
        json.writeBooleanField("tls_client_certificate_bound_access_tokens", true);
      }
      if (dpopAlgs != null) {
        strings(json, "dpop_signing_alg_values_supported", List.of(dpopAlgs.split(" ")));
        json.writeBooleanField("dpop_bound_access_tokens_required", dpopRequired);
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Cache-Control", CACHE_CONTROL);
    // Public information that browser-based clients (MCP inspectors) fetch across origins.
    headers.put("Access-Control-Allow-Origin", "*");
    return new Rejection(200, headers, new ErrorBody("application/json", out.toString()));
  }

  private static void strings(JsonGenerator json, String name, Iterable<String> values)
      throws IOException {
    json.writeArrayFieldStart(name);
    for (String value : values) {
      json.writeString(value);
    }
    json.writeEndArray();
  }
}
