package dev.gatehouse;

import java.net.URI;
import java.net.URISyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * A protected resource's identifier (RFC 8707 §2, RFC 9728 §1.2) and the canonical form tokens are
 * compared on: scheme and host in lower case, the default port dropped, an empty path and {@code /}
 * the same, one trailing slash ignored (as the path matcher ignores it), the rest of the path
 * exactly as written (case and percent-encoding count). No query, no fragment, no user information.
 *
 * <p>Immutable and thread-safe.
 */
final class ResourceUri {
  /** RFC 9728 §3.1: the well-known suffix inserted between the host and the path. */
  static final String WELL_KNOWN = "/.well-known/oauth-protected-resource";

  private final String identifier;
  private final String canonical;
  private final String origin;
  private final String path;

  private ResourceUri(String identifier, String canonical, String origin, String path) {
    this.identifier = identifier;
    this.canonical = canonical;
    this.origin = origin;
    this.path = path;
  }

  /**
   * Parses a configured resource identifier.
   *
   * @throws IllegalArgumentException saying why it is refused
   */
  static ResourceUri parse(String identifier) {
    URI uri;
    try {
      uri = new URI(identifier);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("resource is not a URI: " + identifier, e);
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "resource must have no query and no fragment (RFC 8707 §2): " + Locations.printable(uri));
    }
    Locations.checkLocation(uri, "resource");
    if (uri.getRawPath() != null && uri.getRawPath().indexOf('%') >= 0) {
      throw new IllegalArgumentException(
          "resource path must not be percent-encoded (its metadata is served at that path): "
              + identifier);
    }
    String canonical = canonical(identifier);
    if (canonical == null) {
      throw new IllegalArgumentException("resource is not an absolute http(s) URI: " + identifier);
    }
    int slash = canonical.indexOf('/', canonical.indexOf("//") + 2);
    String origin = slash < 0 ? canonical : canonical.substring(0, slash);
    String path = slash < 0 ? "" : canonical.substring(slash);
    return new ResourceUri(identifier, canonical, origin, path);
  }

  /**
   * The canonical form of {@code value} if it is an absolute {@code http} or {@code https} URI with
   * a host and no fragment or user information, else null (it then matches no resource).
   */
  static @Nullable String canonical(String value) {
    URI uri = HttpUris.parse(value);
    String origin = uri == null || uri.getRawFragment() != null ? null : HttpUris.origin(uri);
    if (uri == null || origin == null) {
      return null;
    }
    String rawPath = uri.getRawPath() == null ? "" : uri.getRawPath();
    if (rawPath.endsWith("/")) {
      rawPath = rawPath.substring(0, rawPath.length() - 1);
    }
    return uri.getRawQuery() == null
        ? origin + rawPath
        : origin + rawPath + "?" + uri.getRawQuery();
  }

  /** Whether the audience value {@code audience} names this resource. */
  boolean isNamedBy(String audience) {
    return canonical.equals(canonical(audience));
  }

  /** The identifier as configured: the metadata's {@code resource} member. */
  String identifier() {
    return identifier;
  }

  /** The canonical path: empty for the origin itself, else {@code /...} without a final slash. */
  String path() {
    return path;
  }

  /** The RFC 9728 §3.1 metadata URL: the well-known suffix between the host and the path. */
  String metadataUrl() {
    return origin + WELL_KNOWN + path;
  }

  @Override
  public String toString() {
    return identifier;
  }
}
