package dev.gatehouse;

import java.io.ByteArrayOutputStream;

/**
 * Converts a JWS ECDSA signature (RFC 7518 §3.4: R || S, each as long as the curve's order) to the
 * DER {@code SEQUENCE { INTEGER r, INTEGER s }} that providers without a P1363 format expect.
 * Values are copied as they are: zero or out-of-range scalars are the provider's to refuse.
 */
final class EcdsaDer {
  private EcdsaDer() {}

  static byte[] fromConcatenated(byte[] signature) {
    int half = signature.length / 2;
    byte[] r = integer(signature, 0, half);
    byte[] s = integer(signature, half, half);
    ByteArrayOutputStream out = new ByteArrayOutputStream(r.length + s.length + 4);
    out.write(0x30);
    length(out, r.length + s.length);
    out.writeBytes(r);
    out.writeBytes(s);
    return out.toByteArray();
  }

  /**
   * A DER INTEGER of the unsigned big-endian value: leading zeros dropped, a 0x00 before a high
   * bit.
   */
  private static byte[] integer(byte[] bytes, int offset, int length) {
    int start = offset;
    int end = offset + length;
    while (start < end - 1 && bytes[start] == 0) {
      start++;
    }
    boolean pad = (bytes[start] & 0x80) != 0;
    int valueLength = end - start + (pad ? 1 : 0);
    ByteArrayOutputStream out = new ByteArrayOutputStream(valueLength + 3);
    out.write(0x02);
    length(out, valueLength);
    if (pad) {
      out.write(0);
    }
    out.write(bytes, start, end - start);
    return out.toByteArray();
  }

  private static void length(ByteArrayOutputStream out, int length) {
    if (length < 0x80) {
      out.write(length);
    } else {
      out.write(0x81);
      out.write(length);
    }
  }
}
