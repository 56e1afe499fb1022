package dev.gatehouse;

/**
 * Checks that a JWS segment is canonical unpadded base64url (RFC 7515 §2, RFC 4648 §5): only the
 * URL-safe alphabet, no padding, no whitespace, a possible length, and zero unused bits, so that
 * one byte string has exactly one encoding.
 */
final class Base64Url {
  private static final byte[] VALUES = new byte[128];

  static {
    java.util.Arrays.fill(VALUES, (byte) -1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (int i = 0; i < alphabet.length(); i++) {
      VALUES[alphabet.charAt(i)] = (byte) i;
    }
  }

  private Base64Url() {}

  static boolean isCanonical(String segment) {
    return isCanonical(segment, 0, segment.length());
  }

  /** Whether {@code [start, end)} of {@code text} is canonical, without copying it out. */
  static boolean isCanonical(String text, int start, int end) {
    int n = end - start;
    if (n % 4 == 1) {
      return false;
    }
    for (int i = start; i < end; i++) {
      if (value(text.charAt(i)) < 0) {
        return false;
      }
    }
    if (n == 0) {
      return true;
    }
    int last = value(text.charAt(end - 1));
    // The last character of a 2- or 3-character group carries 4 or 2 unused bits, which must be
    // zero.
    if (n % 4 == 2) {
      return (last & 0x0f) == 0;
    }
    if (n % 4 == 3) {
      return (last & 0x03) == 0;
    }
    return true;
  }

  /**
   * The bytes {@code [start, end)} of {@code ascii} encode, once {@link #isCanonical} has accepted
   * that region: decoded in place, with no intermediate string or buffer.
   */
  static byte[] decode(byte[] ascii, int start, int end) {
    int n = end - start;
    byte[] out = new byte[n / 4 * 3 + Math.max(0, n % 4 - 1)];
    int o = 0;
    int i = start;
    for (; i + 4 <= end; i += 4) {
      int bits =
          VALUES[ascii[i]] << 18
              | VALUES[ascii[i + 1]] << 12
              | VALUES[ascii[i + 2]] << 6
              | VALUES[ascii[i + 3]];
      out[o++] = (byte) (bits >> 16);
      out[o++] = (byte) (bits >> 8);
      out[o++] = (byte) bits;
    }
    if (end - i >= 2) {
      int bits = VALUES[ascii[i]] << 18 | VALUES[ascii[i + 1]] << 12;
      if (end - i == 3) {
        bits |= VALUES[ascii[i + 2]] << 6;
      }
      out[o++] = (byte) (bits >> 16);
      if (end - i == 3) {
        out[o] = (byte) (bits >> 8);
      }
    }
    return out;
  }

  private static int value(char c) {
    return c < 128 ? VALUES[c] : -1;
  }

  /** base64url, without padding, of the SHA-256 of {@code ascii} (RFC 9449 {@code ath}). */
  static String sha256(String ascii) {
    return sha256(ascii.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  }

  /**
   * One digest per thread: {@code getInstance}'s provider lookup costs as much as hashing a token.
   * A JDK type only, so no web application's class loader is held by a container thread.
   */
  private static final ThreadLocal<java.security.MessageDigest> SHA256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return java.security.MessageDigest.getInstance("SHA-256");
            } catch (java.security.NoSuchAlgorithmException e) {
              throw new IllegalStateException("SHA-256 is unavailable", e);
            }
          });

  /** base64url, without padding, of the SHA-256 of {@code bytes} (RFC 8705 {@code x5t#S256}). */
  static String sha256(byte[] bytes) {
    java.security.MessageDigest digest = SHA256.get();
    digest.reset();
    return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(digest.digest(bytes));
  }
}
