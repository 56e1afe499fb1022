package dev.gatehouse;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The rules for every location Gatehouse fetches from or names: {@code https}, or {@code http} only
 * to a loopback address literal; no user information, which would never be sent and must never be
 * printed; issuers without a query or fragment. Checked without any name lookup.
 */
final class Locations {
  private Locations() {}

  /**
   * {@code uri} parsed as the URI of a shared store (a revocation replica, a DPoP replay store),
   * which needs a scheme and a host.
   *
   * @throws IllegalArgumentException naming {@code what}, never repeating the URI (it may hold a
   *     password)
   */
  static URI storeUri(String uri, String what) {
    java.util.Objects.requireNonNull(uri, "uri");
    try {
      URI parsed = new URI(uri);
      if (parsed.getScheme() != null && parsed.getHost() != null) {
        return parsed;
      }
    } catch (java.net.URISyntaxException e) {
      // reported below, without the URI
    }
    throw new IllegalArgumentException(
        "the " + what + " URI is not a valid URI with a scheme and a host");
  }

  /**
   * Whether keys or metadata may be fetched from {@code uri}: an absolute {@code https} URI, or
   * {@code http} to a loopback address, where no network sits between the two ends.
   */
  static boolean isFetchable(URI uri) {
    return isAllowed(uri);
  }

  /**
   * Checks a location to fetch from: absolute {@code https} (or {@code http} on loopback), and no
   * user information, which would never be sent and must never be printed.
   *
   * @throws IllegalArgumentException naming {@code name}, never echoing user information
   */
  static void checkLocation(URI uri, String name) {
    Objects.requireNonNull(uri, name);
    if (uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException(
          name
              + " must not contain user information (credentials are never sent): "
              + printable(uri));
    }
    if (!isAllowed(uri)) {
      throw new IllegalArgumentException(
          name + " must be an absolute https URI (http only on loopback): " + printable(uri));
    }
  }

  /**
   * Checks an issuer identifier: one with a query or a fragment is refused (OpenID Connect
   * Discovery §2, RFC 8414 §2), and one that is a URI must carry no user information.
   *
   * @throws IllegalArgumentException saying why, never echoing user information
   */
  static void checkIssuer(String issuer) {
    URI uri;
    try {
      uri = new URI(issuer);
    } catch (java.net.URISyntaxException e) {
      return;
    }
    if (uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException(
          "issuer must not contain user information: " + printable(uri));
    }
    if (uri.isAbsolute() && (uri.getRawQuery() != null || uri.getRawFragment() != null)) {
      throw new IllegalArgumentException(
          "issuer must not have a query or a fragment (OpenID Connect Discovery 1.0 §2, RFC 8414"
              + " §2): "
              + printable(uri));
    }
  }

  /** {@code uri} without its user information, for messages, logs and status. */
  static String printable(@Nullable URI uri) {
    if (uri == null) {
      return "null";
    }
    if (uri.getRawUserInfo() == null) {
      return uri.toString();
    }
    StringBuilder out = new StringBuilder();
    if (uri.getScheme() != null) {
      out.append(uri.getScheme()).append(':');
    }
    out.append("//").append(uri.getHost() == null ? "" : uri.getHost());
    if (uri.getPort() >= 0) {
      out.append(':').append(uri.getPort());
    }
    out.append(uri.getRawPath() == null ? "" : uri.getRawPath());
    return out.toString();
  }

  /**
   * Whether {@code uri} may be fetched: {@code https}, or {@code http} to a loopback address
   * literal or {@code localhost}.
   */
  static boolean isAllowed(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri.getHost() == null || !uri.isAbsolute()) {
      return false;
    }
    return scheme.equals("https") || (scheme.equals("http") && isLoopback(uri.getHost()));
  }

  /**
   * Whether {@code host} names the loopback interface without any name lookup: an IPv4 literal in
   * 127.0.0.0/8, the IPv6 literal {@code ::1} in any spelling, or the literal {@code localhost}.
   * {@code 127.attacker.example} and {@code 127.0.0.1.nip.io} are names, not loopback.
   */
  static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.equals("localhost")) {
      return true;
    }
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    if (h.indexOf(':') >= 0) {
      return isIpv6Loopback(h);
    }
    String[] octets = h.split("\\.", -1);
    if (octets.length != 4) {
      return false;
    }
    for (String octet : octets) {
      if (octet.isEmpty() || octet.length() > 3 || !octet.chars().allMatch(Character::isDigit)) {
        return false;
      }
      if (Integer.parseInt(octet) > 255) {
        return false;
      }
    }
    return octets[0].equals("127");
  }

  /** {@code ::1} however it is written: every group zero but the last, which is one. */
  private static boolean isIpv6Loopback(String h) {
    if (h.indexOf('%') >= 0 || !h.chars().allMatch(c -> c == ':' || Character.digit(c, 16) >= 0)) {
      return false;
    }
    try {
      // An IPv6 literal: parsed, never looked up.
      return InetAddress.getByName("[" + h + "]").isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
