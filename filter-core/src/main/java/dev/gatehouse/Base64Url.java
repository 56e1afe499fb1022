package dev.gatehouse;

import org.jspecify.annotations.Nullable;

/**
 * Decodes a JWS segment only when it is canonical unpadded base64url (RFC 7515 §2, RFC 4648 §5):
 * only the URL-safe alphabet, no padding, no whitespace, a possible length, and zero unused bits,
 * so that one byte string has exactly one encoding.
 */
final class Base64Url {
  /** Each byte's 6-bit value, or -1 for every byte outside the URL-safe alphabet. */
  private static final byte[] VALUES = new byte[256];

  static {
    java.util.Arrays.fill(VALUES, (byte) -1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (int i = 0; i < alphabet.length(); i++) {
      VALUES[alphabet.charAt(i)] = (byte) i;
    }
  }

  private Base64Url() {}

  /**
   * The bytes {@code [start, end)} of {@code ascii} encode, or null when that region is not
   * canonical: checked and decoded in one pass, in place, with no intermediate string or buffer.
   */
  static byte @Nullable [] decodeCanonical(byte[] ascii, int start, int end) {
    int n = end - start;
    int tail = n % 4;
    if (tail == 1) {
      return null;
    }
    byte[] out = new byte[n / 4 * 3 + Math.max(0, tail - 1)];
    int o = 0;
    int i = start;
    // Any byte outside the alphabet is -1, which makes the group negative.
    int invalid = 0;
    for (; i + 4 <= end; i += 4) {
      int bits =
          VALUES[ascii[i] & 0xff] << 18
              | VALUES[ascii[i + 1] & 0xff] << 12
              | VALUES[ascii[i + 2] & 0xff] << 6
              | VALUES[ascii[i + 3] & 0xff];
      invalid |= bits;
      out[o++] = (byte) (bits >> 16);
      out[o++] = (byte) (bits >> 8);
      out[o++] = (byte) bits;
    }
    if (tail >= 2) {
      int last = VALUES[ascii[end - 1] & 0xff];
      int bits = VALUES[ascii[i] & 0xff] << 18 | VALUES[ascii[i + 1] & 0xff] << 12;
      if (tail == 3) {
        bits |= VALUES[ascii[i + 2] & 0xff] << 6;
      }
      // The last character of a 2- or 3-character group carries 4 or 2 unused bits: zero.
      invalid |= bits | ((last & (tail == 2 ? 0x0f : 0x03)) == 0 ? 0 : -1);
      out[o++] = (byte) (bits >> 16);
      if (tail == 3) {
        out[o] = (byte) (bits >> 8);
      }
    }
    return invalid < 0 ? null : out;
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
