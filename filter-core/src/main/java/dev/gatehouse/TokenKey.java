package dev.gatehouse;

/**
 * A token as the verified-token cache's key: a whole string (a bare token, or a canonical {@code
 * Bearer <token>} header value, which no bare token can equal since a token has no space), or a
 * region of one, so a lookup copies nothing. The hash covers the region's last characters only (the
 * end of the signature, which no other valid token shares), and equality compares the whole region:
 * a hit is always the same token.
 */
final class TokenKey {
  /** How many trailing characters the hash covers. */
  private static final int HASHED = 24;

  private final String source;
  private final int start;
  private final int length;
  private final int hash;

  private TokenKey(String source, int start, int end) {
    this.source = source;
    this.start = start;
    this.length = end - start;
    int h = length;
    for (int i = Math.max(start, end - HASHED); i < end; i++) {
      h = 31 * h + source.charAt(i);
    }
    this.hash = h;
  }

  /** The key of a whole token. */
  static TokenKey of(String token) {
    return new TokenKey(token, 0, token.length());
  }

  /** The key of the token at {@code [start, end)} of {@code source}. */
  static TokenKey of(String source, int start, int end) {
    return new TokenKey(source, start, end);
  }

  /** The token's length. */
  int length() {
    return length;
  }

  /** The token itself, copied out of its source only when it is not the whole string. */
  String token() {
    return start == 0 && length == source.length()
        ? source
        : source.substring(start, start + length);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof TokenKey k) || k.hash != hash || k.length != length) {
      return false;
    }
    // Whole strings compare with the JDK's vectorised equals; regions byte by byte.
    return (start == 0 && k.start == 0 && source.length() == length && k.source.length() == length)
        ? source.equals(k.source)
        : source.regionMatches(start, k.source, k.start, length);
  }

  @Override
  public String toString() {
    // Never the token: keys end up in debuggers and heap dumps, not in logs.
    return "TokenKey[" + length + " chars]";
  }
}
