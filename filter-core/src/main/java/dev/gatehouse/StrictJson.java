package dev.gatehouse;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The one JSON reader for token headers and claims, DPoP proofs, introspection answers and issuer
 * metadata: exactly one RFC 8259 object in UTF-8, read straight from its bytes. No byte order mark,
 * no duplicate member names, no trailing or missing commas, no leading zeros, no raw control
 * characters, no escaped lone surrogates (RFC 7493 §2.1), no ill-formed UTF-8, nothing after the
 * object, nested at most {@link #MAX_DEPTH} deep, no number longer than {@link #MAX_NUMBER_LENGTH}
 * characters. Lenient readers disagree with each other on exactly these inputs; the token is read
 * once, here, and never again by another parser.
 *
 * <p>Values are {@code String}, {@code Long} (or {@code BigInteger} when an integer does not fit),
 * {@code Double} for numbers with a fraction or an exponent, {@code Boolean}, null, {@code List}
 * and {@code Map}, objects keeping their member order; every object and array is read-only ({@link
 * Frozen}), so an {@code Auth} keeps them without a copy.
 *
 * <p>Tokens are read on every request that misses the token cache, so the reader works on the
 * decoded bytes with no tokenizer in between: it costs a fraction of a general-purpose parser.
 * Stateless and thread-safe; each call has its own {@code Reader}.
 */
final class StrictJson {
  /** Deepest nesting of the header or claims JSON, the outer object included. */
  static final int MAX_DEPTH = 32;

  /**
   * Most digits of an integer, and most characters of any other number; longer ones are refused
   * rather than parsed.
   */
  static final int MAX_NUMBER_LENGTH = 64;

  /**
   * Member names of tokens, proofs and introspection answers (RFC 7519, 9068, 8693, 7800, 9449,
   * 7662, OIDC): read as these constants, they cost no allocation.
   */
  private static final String[] KNOWN = {
    "alg",
    "kid",
    "typ",
    "iss",
    "sub",
    "aud",
    "exp",
    "nbf",
    "iat",
    "jti",
    "scope",
    "scp",
    "client_id",
    "azp",
    "cnf",
    "jkt",
    "x5t#S256",
    "jwk",
    "roles",
    "groups",
    "entitlements",
    "sid",
    "auth_time",
    "acr",
    "amr",
    "nonce",
    "act",
    "may_act",
    "htm",
    "htu",
    "ath",
    "active",
    "token_type",
    "username",
    "email",
    "name",
    "org_id",
    "tenant",
    "permissions",
    "kty",
    "crv",
    "x",
    "y",
    "n",
    "e"
  };

  /** {@link #KNOWN}'s indexes by first character, and each name's bytes. */
  private static final int[][] KNOWN_BY_FIRST = new int[128][];

  private static final byte[][] KNOWN_BYTES = new byte[KNOWN.length][];

  static {
    for (int c = 0; c < 128; c++) {
      int first = c;
      KNOWN_BY_FIRST[c] =
          java.util.stream.IntStream.range(0, KNOWN.length)
              .filter(i -> KNOWN[i].charAt(0) == first)
              .toArray();
    }
    for (int i = 0; i < KNOWN.length; i++) {
      KNOWN_BYTES[i] = KNOWN[i].getBytes(StandardCharsets.US_ASCII);
    }
  }

  private StrictJson() {}

  /** The object in {@code utf8}, or null when it is not one strict JSON object in UTF-8. */
  static @Nullable Map<String, @Nullable Object> object(byte[] utf8) {
    Reader reader = new Reader(utf8);
    try {
      reader.skipWhitespace();
      reader.expect('{');
      Map<String, @Nullable Object> object = reader.object(1);
      reader.skipWhitespace();
      return reader.pos == utf8.length ? object : null;
    } catch (NotJson e) {
      return null;
    }
  }

  /** Thrown inside the reader only; one instance, no stack trace: a refusal costs nothing. */
  private static final class NotJson extends Exception {
    private static final long serialVersionUID = 1L;

    // Stackless and immutable, and it never leaves this class.
    @SuppressWarnings("StaticAssignmentOfThrowable")
    static final NotJson INSTANCE = new NotJson();

    private NotJson() {
      super("not strict JSON", null, false, false);
    }
  }

  private static final class Reader {
    private final byte[] in;
    private int pos;

    Reader(byte[] in) {
      this.in = in;
    }

    void skipWhitespace() {
      while (pos < in.length) {
        byte b = in[pos];
        if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
          return;
        }
        pos++;
      }
    }

    void expect(char c) throws NotJson {
      if (pos >= in.length || in[pos] != c) {
        throw NotJson.INSTANCE;
      }
      pos++;
    }

    /** The members after an object's opening brace, through its closing brace. */
    Map<String, @Nullable Object> object(int depth) throws NotJson {
      if (depth > MAX_DEPTH) {
        throw NotJson.INSTANCE;
      }
      Map<String, @Nullable Object> object = new LinkedHashMap<>();
      skipWhitespace();
      if (pos < in.length && in[pos] == '}') {
        pos++;
        return Frozen.map(object);
      }
      while (true) {
        skipWhitespace();
        expect('"');
        String name = string(true);
        skipWhitespace();
        expect(':');
        skipWhitespace();
        int size = object.size();
        object.put(name, value(depth));
        if (object.size() == size) {
          throw NotJson.INSTANCE; // a duplicate member name
        }
        skipWhitespace();
        if (pos >= in.length) {
          throw NotJson.INSTANCE;
        }
        byte b = in[pos++];
        if (b == '}') {
          return Frozen.map(object);
        }
        if (b != ',') {
          throw NotJson.INSTANCE;
        }
      }
    }

    /** The elements after an array's opening bracket, through its closing bracket. */
    private List<@Nullable Object> array(int depth) throws NotJson {
      if (depth > MAX_DEPTH) {
        throw NotJson.INSTANCE;
      }
      List<@Nullable Object> array = new ArrayList<>();
      skipWhitespace();
      if (pos < in.length && in[pos] == ']') {
        pos++;
        return Frozen.list(array);
      }
      while (true) {
        skipWhitespace();
        array.add(value(depth));
        skipWhitespace();
        if (pos >= in.length) {
          throw NotJson.INSTANCE;
        }
        byte b = in[pos++];
        if (b == ']') {
          return Frozen.list(array);
        }
        if (b != ',') {
          throw NotJson.INSTANCE;
        }
      }
    }

    /** A value inside a container at {@code depth}. */
    private @Nullable Object value(int depth) throws NotJson {
      if (pos >= in.length) {
        throw NotJson.INSTANCE;
      }
      byte b = in[pos];
      switch (b) {
        case '{':
          pos++;
          return object(depth + 1);
        case '[':
          pos++;
          return array(depth + 1);
        case '"':
          pos++;
          return string(false);
        case 't':
          literal("true");
          return true;
        case 'f':
          literal("false");
          return false;
        case 'n':
          literal("null");
          return null;
        default:
          if (b == '-' || (b >= '0' && b <= '9')) {
            return number();
          }
          throw NotJson.INSTANCE;
      }
    }

    private void literal(String word) throws NotJson {
      int n = word.length();
      if (in.length - pos < n) {
        throw NotJson.INSTANCE;
      }
      for (int i = 0; i < n; i++) {
        if (in[pos + i] != word.charAt(i)) {
          throw NotJson.INSTANCE;
        }
      }
      pos += n;
    }

    /**
     * The string after its opening quote, through its closing quote; a member {@code name} that is
     * a registered claim or header name is that constant, not a new string.
     */
    private String string(boolean name) throws NotJson {
      int start = pos;
      // Plain printable ASCII without escapes, the usual case, becomes a string directly.
      while (pos < in.length) {
        byte b = in[pos];
        if (b == '"') {
          String known = name ? known(start, pos) : null;
          String plain =
              known != null
                  ? known
                  : new String(in, start, pos - start, StandardCharsets.ISO_8859_1);
          pos++;
          return plain;
        }
        if (b == '\\' || b < 0x20) {
          break; // an escape, a control character, or (negative) a UTF-8 sequence
        }
        pos++;
      }
      StringBuilder out = new StringBuilder(pos - start + 16);
      for (int i = start; i < pos; i++) {
        out.append((char) in[i]);
      }
      while (true) {
        if (pos >= in.length) {
          throw NotJson.INSTANCE;
        }
        int b = in[pos++];
        if (b == '"') {
          return out.toString();
        }
        if (b == '\\') {
          escape(out);
        } else if (b >= 0x20) {
          out.append((char) b);
        } else if (b < 0) {
          utf8(b & 0xff, out);
        } else {
          throw NotJson.INSTANCE; // a raw control character
        }
      }
    }

    /** The registered name at {@code [start, end)}, or null. */
    private @Nullable String known(int start, int end) {
      int length = end - start;
      if (length == 0) {
        return null;
      }
      // Only printable ASCII reaches here, so the first byte indexes the table.
      for (int index : KNOWN_BY_FIRST[in[start]]) {
        byte[] name = KNOWN_BYTES[index];
        if (name.length == length && java.util.Arrays.equals(name, 0, length, in, start, end)) {
          return KNOWN[index];
        }
      }
      return null;
    }

    private void escape(StringBuilder out) throws NotJson {
      if (pos >= in.length) {
        throw NotJson.INSTANCE;
      }
      byte b = in[pos++];
      switch (b) {
        case '"' -> out.append('"');
        case '\\' -> out.append('\\');
        case '/' -> out.append('/');
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> {
          char c = hex4();
          if (Character.isHighSurrogate(c)) {
            // Only as the first half of a pair, the second escaped right after it.
            if (in.length - pos < 2 || in[pos] != '\\' || in[pos + 1] != 'u') {
              throw NotJson.INSTANCE;
            }
            pos += 2;
            char low = hex4();
            if (!Character.isLowSurrogate(low)) {
              throw NotJson.INSTANCE;
            }
            out.append(c).append(low);
          } else if (Character.isLowSurrogate(c)) {
            throw NotJson.INSTANCE;
          } else {
            out.append(c);
          }
        }
        default -> throw NotJson.INSTANCE;
      }
    }

    private char hex4() throws NotJson {
      if (in.length - pos < 4) {
        throw NotJson.INSTANCE;
      }
      int value = 0;
      for (int i = 0; i < 4; i++) {
        int digit = Character.digit(in[pos++], 16);
        if (digit < 0) {
          throw NotJson.INSTANCE;
        }
        value = value << 4 | digit;
      }
      return (char) value;
    }

    /**
     * One well-formed UTF-8 sequence whose first byte is {@code lead} (RFC 3629 §4): no overlong
     * form, no surrogate, nothing above U+10FFFF.
     */
    private void utf8(int lead, StringBuilder out) throws NotJson {
      int count;
      int min;
      int cp;
      if (lead >= 0xc2 && lead <= 0xdf) {
        count = 1;
        min = 0x80;
        cp = lead & 0x1f;
      } else if (lead >= 0xe0 && lead <= 0xef) {
        count = 2;
        min = 0x800;
        cp = lead & 0x0f;
      } else if (lead >= 0xf0 && lead <= 0xf4) {
        count = 3;
        min = 0x10000;
        cp = lead & 0x07;
      } else {
        throw NotJson.INSTANCE;
      }
      if (in.length - pos < count) {
        throw NotJson.INSTANCE;
      }
      for (int i = 0; i < count; i++) {
        int next = in[pos++] & 0xff;
        if ((next & 0xc0) != 0x80) {
          throw NotJson.INSTANCE;
        }
        cp = cp << 6 | (next & 0x3f);
      }
      if (cp < min || cp > Character.MAX_CODE_POINT || (cp >= 0xd800 && cp <= 0xdfff)) {
        throw NotJson.INSTANCE;
      }
      out.appendCodePoint(cp);
    }

    /**
     * A number by RFC 8259 §6: {@code -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?}.
     * Integers become {@code Long} when they fit, else {@code BigInteger} (never silently
     * truncated); anything with a fraction or an exponent becomes {@code Double}.
     */
    private Object number() throws NotJson {
      int start = pos;
      boolean negative = in[pos] == '-';
      if (negative) {
        pos++;
      }
      if (pos >= in.length) {
        throw NotJson.INSTANCE;
      }
      if (in[pos] == '0') {
        pos++;
      } else if (!digits()) {
        throw NotJson.INSTANCE;
      }
      int integerEnd = pos;
      boolean integral = true;
      if (pos < in.length && in[pos] == '.') {
        pos++;
        integral = false;
        if (!digits()) {
          throw NotJson.INSTANCE;
        }
      }
      if (pos < in.length && (in[pos] == 'e' || in[pos] == 'E')) {
        pos++;
        integral = false;
        if (pos < in.length && (in[pos] == '+' || in[pos] == '-')) {
          pos++;
        }
        if (!digits()) {
          throw NotJson.INSTANCE;
        }
      }
      int digitsStart = negative ? start + 1 : start;
      if ((integral ? integerEnd - digitsStart : pos - start) > MAX_NUMBER_LENGTH) {
        throw NotJson.INSTANCE;
      }
      if (!integral) {
        return Double.parseDouble(new String(in, start, pos - start, StandardCharsets.US_ASCII));
      }
      if (integerEnd - digitsStart <= 18) {
        long value = 0;
        for (int i = digitsStart; i < integerEnd; i++) {
          value = value * 10 + (in[i] - '0');
        }
        return negative ? -value : value;
      }
      BigInteger big =
          new BigInteger(new String(in, start, pos - start, StandardCharsets.US_ASCII));
      return big.bitLength() < 64 ? (Object) big.longValue() : big;
    }

    /** One or more decimal digits; false when there is none. */
    private boolean digits() {
      int start = pos;
      while (pos < in.length && in[pos] >= '0' && in[pos] <= '9') {
        pos++;
      }
      return pos > start;
    }
  }
}
