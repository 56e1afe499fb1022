package dev.gatehouse;

import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The client certificate a TLS-terminating proxy forwards in a header, believed only from the
 * proxy's own addresses: an RFC 9440 byte sequence ({@code :base64 DER:}) or URL-encoded PEM.
 *
 * <p>Immutable and thread-safe.
 */
final class ForwardedCertificates {
  /** Header values longer than this are ignored: no certificate is near it. */
  private static final int MAX_HEADER_LENGTH = 16 * 1024;

  private final String header;
  private final Set<InetAddress> proxies;

  ForwardedCertificates(String header, Collection<String> trustedProxies) {
    Objects.requireNonNull(header, "header");
    if (header.isEmpty() || !HttpMethods.isToken(header)) {
      throw new IllegalArgumentException("not a header name: '" + header + "'");
    }
    this.header = header.toLowerCase(Locale.ROOT);
    Set<InetAddress> addresses = new HashSet<>();
    for (String proxy : trustedProxies) {
      addresses.add(literal(Objects.requireNonNull(proxy, "proxy").strip()));
    }
    if (addresses.isEmpty()) {
      throw new IllegalArgumentException(
          "a forwarded client certificate needs the trusted proxies' addresses");
    }
    this.proxies = Set.copyOf(addresses);
  }

  /** An IP address literal, parsed without any name lookup. */
  private static InetAddress literal(String value) {
    boolean v4 = value.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    boolean v6 = value.indexOf(':') >= 0 && value.matches("[0-9A-Fa-f:.]+");
    if (!v4 && !v6) {
      throw new IllegalArgumentException(
          "a trusted proxy is an IP address literal, not a name: '" + value + "'");
    }
    try {
      return InetAddress.getByName(value);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address: '" + value + "'", e);
    }
  }

  /** The forwarded certificate, when the request's peer is a trusted proxy; else null. */
  @Nullable X509Certificate forwarded(RequestView view) {
    String remote = view.remoteAddress;
    if (remote == null || !isTrusted(remote)) {
      return null;
    }
    List<String> values = view.header(header);
    if (values.size() != 1 || values.get(0).length() > MAX_HEADER_LENGTH) {
      return null;
    }
    return parse(values.get(0).strip());
  }

  private boolean isTrusted(String remote) {
    String address =
        remote.startsWith("[") && remote.endsWith("]")
            ? remote.substring(1, remote.length() - 1)
            : remote;
    try {
      return proxies.contains(literal(address));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  static @Nullable X509Certificate parse(String value) {
    try {
      byte[] der;
      if (value.length() > 2 && value.startsWith(":") && value.endsWith(":")) {
        der = Base64.getDecoder().decode(value.substring(1, value.length() - 1));
      } else {
        String pem = URLDecoder.decode(value, StandardCharsets.US_ASCII);
        String body =
            pem.replace("-----BEGIN CERTIFICATE-----", "")
                .replace("-----END CERTIFICATE-----", "")
                .replaceAll("\\s", "");
        der = Base64.getDecoder().decode(body);
      }
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(new ByteArrayInputStream(der));
    } catch (IllegalArgumentException | CertificateException | ClassCastException e) {
      return null;
    }
  }
}
