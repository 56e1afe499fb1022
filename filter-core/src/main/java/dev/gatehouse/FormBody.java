package dev.gatehouse;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Bounded request bodies for the {@link Endpoint}s: read, checked for media type, and parsed. */
final class FormBody {
  private FormBody() {}

  /** At most {@code limit} bytes of {@code in}; null if the body is longer. */
  static byte @Nullable [] read(InputStream in, int limit) throws IOException {
    byte[] body = in.readNBytes(limit + 1);
    return body.length > limit ? null : body;
  }

  /** Whether the {@code Content-Type} values name {@code mediaType}, parameters aside. */
  static boolean isMediaType(List<String> contentType, String mediaType) {
    if (contentType.size() != 1) {
      return false;
    }
    String value = contentType.get(0);
    int semicolon = value.indexOf(';');
    String type = (semicolon < 0 ? value : value.substring(0, semicolon)).strip();
    return type.toLowerCase(Locale.ROOT).equals(mediaType);
  }

  /**
   * The values of {@code name} in an {@code application/x-www-form-urlencoded} body (UTF-8).
   *
   * @throws IllegalArgumentException for a malformed percent escape
   */
  static List<String> values(byte[] body, String name) {
    List<String> out = new ArrayList<>(1);
    String form = new String(body, StandardCharsets.UTF_8);
    for (String pair : form.split("&", -1)) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      if (key.equals(name)) {
        out.add(eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }
}
