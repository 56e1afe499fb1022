package dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The token JSON reader: what it accepts and what it yields, what it refuses, and that on random
 * and mutated inputs it agrees with Jackson configured as strictly (duplicate detection, the same
 * depth and number limits, strict UTF-8), the reader it replaced on the verification path.
 */
final class StrictJsonTest {
  @Test
  void readsEveryKindOfValue() {
    Map<String, @Nullable Object> object =
        StrictJson.object(
            utf8(
                " {\"s\":\"a\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\",\"i\":-42,\"z\":-0,"
                    + "\"l\":9223372036854775807,\"b\":9223372036854775808,\"d\":1.5e2,"
                    + "\"t\":true,\"f\":false,\"n\":null,\"a\":[1,\"x\",[],{}],"
                    + "\"o\":{\"k\":\"caf\u00e9 \u20ac \ud83d\ude00\"}}\r\n\t"));
    assertThat(object).isNotNull();
    Map<String, @Nullable Object> expected = new LinkedHashMap<>();
    expected.put("s", "a\"\\/\b\f\n\r\t\u00e9\ud83d\ude00");
    expected.put("i", -42L);
    expected.put("z", 0L);
    expected.put("l", Long.MAX_VALUE);
    expected.put("b", new BigInteger("9223372036854775808"));
    expected.put("d", 150.0);
    expected.put("t", true);
    expected.put("f", false);
    expected.put("n", null);
    expected.put("a", List.of(1L, "x", List.of(), Map.of()));
    expected.put("o", Map.of("k", "caf\u00e9 \u20ac \ud83d\ude00"));
    assertThat(object).containsExactlyEntriesOf(expected);
    assertThat(StrictJson.object(utf8("{}"))).isEmpty();
    assertThat(StrictJson.object(utf8("{\"m\":-9223372036854775808}")))
        .containsEntry("m", Long.MIN_VALUE);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " ",
        "[]",
        "\"x\"",
        "1",
        "null",
        "{",
        "}",
        "{\"a\"}",
        "{\"a\":}",
        "{\"a\" 1}",
        "{\"a\":1,}",
        "{,\"a\":1}",
        "{\"a\":1}{}",
        "{\"a\":1} x",
        "{'a':1}",
        "{a:1}",
        "{\"a\":01}",
        "{\"a\":-}",
        "{\"a\":-01}",
        "{\"a\":1.}",
        "{\"a\":.5}",
        "{\"a\":1e}",
        "{\"a\":1e+}",
        "{\"a\":+1}",
        "{\"a\":0x10}",
        "{\"a\":NaN}",
        "{\"a\":Infinity}",
        "{\"a\":tru}",
        "{\"a\":truex}",
        "{\"a\":nul}",
        "{\"a\":[1,]}",
        "{\"a\":[,1]}",
        "{\"a\":[1 2]}",
        "{\"a\":\"\t\"}",
        "{\"a\":\"\n\"}",
        "{\"a\":\"\\x\"}",
        "{\"a\":\"\\u12\"}",
        "{\"a\":\"\\u12g4\"}",
        "{\"a\":\"\\ud800\"}",
        "{\"a\":\"\\ud800x\"}",
        "{\"a\":\"\\ud800\\u0041\"}",
        "{\"a\":\"\\udc00\"}",
        "{\"a\":\"\\udc00\\ud800\"}",
        "{\"a\":\"unterminated}",
        "{\"a\":1,\"a\":2}",
        "{\"a\":null,\"a\":null}",
        "{\"alg\":\"ES256\",\"\\u0061lg\":\"none\"}",
        "{/*c*/\"a\":1}",
        "\ufeff{\"a\":1}",
        "{\"a\":1}\u0000",
        "{\"a\":1\u00a0}",
      })
  void refusesWhatIsNotOneStrictObject(String text) {
    assertThat(StrictJson.object(utf8(text))).as(text).isNull();
  }

  @Test
  void refusesIllFormedUtf8() {
    byte[][] bodies = {
      {(byte) 0xc0, (byte) 0xa2}, // overlong '"'
      {(byte) 0xc1, (byte) 0xbf}, // overlong
      {(byte) 0xe0, (byte) 0x80, (byte) 0xaf}, // overlong '/'
      {(byte) 0xf0, (byte) 0x80, (byte) 0x80, (byte) 0xaf}, // overlong
      {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, // a surrogate, U+D800
      {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // above U+10FFFF
      {(byte) 0xf5, (byte) 0x80, (byte) 0x80, (byte) 0x80},
      {(byte) 0x80}, // a lone continuation byte
      {(byte) 0xc3}, // truncated
      {(byte) 0xe2, (byte) 0x82}, // truncated
      {(byte) 0xc3, (byte) 0x41}, // not a continuation byte
      {(byte) 0xff},
    };
    for (byte[] body : bodies) {
      byte[] json = concat(utf8("{\"a\":\""), body, utf8("\"}"));
      assertThat(StrictJson.object(json)).as(hex(body)).isNull();
      assertThat(jackson(json)).as("Jackson, " + hex(body)).isNull();
    }
    // Outside a string, no byte above ASCII is JSON at all; a byte order mark is not accepted.
    assertThat(
            StrictJson.object(
                concat(utf8("{\"a\":1"), new byte[] {(byte) 0xc2, (byte) 0xa0}, utf8("}"))))
        .isNull();
    assertThat(
            StrictJson.object(
                concat(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}, utf8("{}"))))
        .isNull();
    assertThat(
            StrictJson.object(
                new byte[] {
                  '{', '"', (byte) 0xf0, (byte) 0x9f, (byte) 0x98, (byte) 0x80, '"', ':', '1', '}'
                }))
        .containsEntry("\ud83d\ude00", 1L);
  }

  @Test
  void limitsDepthAndNumberLength() {
    assertThat(StrictJson.object(utf8("{\"x\":" + "[".repeat(31) + "]".repeat(31) + "}")))
        .isNotNull();
    assertThat(StrictJson.object(utf8("{\"x\":" + "[".repeat(32) + "]".repeat(32) + "}"))).isNull();
    assertThat(StrictJson.object(utf8("{\"a\":".repeat(31) + "1" + "}".repeat(31)))).isNotNull();
    assertThat(StrictJson.object(utf8("{\"a\":".repeat(33) + "1" + "}".repeat(33)))).isNull();
    assertThat(StrictJson.object(utf8("{\"x\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}")))
        .isNull();
    String digits = "1".repeat(StrictJson.MAX_NUMBER_LENGTH);
    assertThat(StrictJson.object(utf8("{\"x\":-" + digits + "}")))
        .containsEntry("x", new BigInteger("-" + digits));
    assertThat(StrictJson.object(utf8("{\"x\":" + digits + "1}"))).isNull();
    assertThat(StrictJson.object(utf8("{\"x\":0." + "0".repeat(4_000) + "1}"))).isNull();
    assertThat(StrictJson.object(utf8("{\"x\":1e400}")))
        .containsEntry("x", Double.POSITIVE_INFINITY);
  }

  /**
   * 40,000 generated objects, half of them then mutated byte by byte: the reader and Jackson agree
   * on every one, on whether it is JSON and on what it holds.
   */
  @Test
  void agreesWithJacksonOnGeneratedAndMutatedInputs() {
    Random random = new Random(20261201L);
    int accepted = 0;
    for (int i = 0; i < 40_000; i++) {
      StringBuilder text = new StringBuilder();
      object(random, text, 1);
      byte[] json = utf8(text.toString());
      if (i % 2 == 1) {
        json = mutate(random, json);
      }
      Map<String, @Nullable Object> expected = jackson(json);
      Map<String, @Nullable Object> actual = StrictJson.object(json);
      assertThat(actual).as(new String(json, StandardCharsets.UTF_8)).isEqualTo(expected);
      if (actual != null) {
        accepted++;
      }
    }
    // Both outcomes are exercised.
    assertThat(accepted).isBetween(20_000, 39_000);
  }

  private static final String[] NAMES = {
    "iss", "sub", "aud", "exp", "scope", "x", "a", "\\u0061", "\\u0061lg", "alg", "é", ""
  };
  private static final String[] ATOMS = {
    "0",
    "-0",
    "7",
    "-12",
    "1796153610",
    "1.5",
    "-2.5e-3",
    "1E9",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775809",
    "123456789012345678901234567890",
    "true",
    "false",
    "null",
    "\"\"",
    "\"x\"",
    "\"caf\u00e9\"",
    "\"\\u00e9\\n\\\"\\\\\"",
    "\"\\ud83d\\ude00\"",
    "\"\ud83d\ude00\"",
    "\"a b\"",
    "\"\\/\""
  };

  private static void object(Random random, StringBuilder out, int depth) {
    out.append(random.nextInt(8) == 0 ? " {" : "{");
    int members = random.nextInt(depth > 3 ? 2 : 5);
    for (int m = 0; m < members; m++) {
      if (m > 0) {
        out.append(random.nextInt(6) == 0 ? " , " : ",");
      }
      // Without a suffix, names repeat: duplicates, and registered names read as constants.
      String name = NAMES[random.nextInt(NAMES.length)];
      out.append('"').append(name).append(random.nextInt(3) == 0 ? "" : m).append("\":");
      value(random, out, depth);
    }
    out.append('}');
  }

  private static void value(Random random, StringBuilder out, int depth) {
    int kind = random.nextInt(10);
    if (kind == 0 && depth < 6) {
      object(random, out, depth + 1);
    } else if (kind == 1 && depth < 6) {
      out.append('[');
      int elements = random.nextInt(4);
      for (int e = 0; e < elements; e++) {
        if (e > 0) {
          out.append(',');
        }
        value(random, out, depth + 1);
      }
      out.append(']');
    } else {
      out.append(ATOMS[random.nextInt(ATOMS.length)]);
    }
  }

  private static final byte[] MUTANTS = utf8(" \t\n\"\\{}[],:0-+.eEux/a\u0000\u007f");

  private static byte[] mutate(Random random, byte[] json) {
    byte[] out = json.clone();
    int changes = 1 + random.nextInt(2);
    for (int c = 0; c < changes && out.length > 0; c++) {
      int at = random.nextInt(out.length);
      switch (random.nextInt(4)) {
        case 0 -> out[at] = MUTANTS[random.nextInt(MUTANTS.length)];
        case 1 -> out[at] = (byte) random.nextInt(256);
        case 2 -> {
          byte[] shorter = new byte[out.length - 1];
          System.arraycopy(out, 0, shorter, 0, at);
          System.arraycopy(out, at + 1, shorter, at, out.length - at - 1);
          out = shorter;
        }
        default -> {
          byte[] longer = new byte[out.length + 1];
          System.arraycopy(out, 0, longer, 0, at);
          longer[at] = MUTANTS[random.nextInt(MUTANTS.length)];
          System.arraycopy(out, at, longer, at + 1, out.length - at);
          out = longer;
        }
      }
    }
    return out;
  }

  // Jackson as strictly as the reader: the oracle.

  private static final JsonFactory JACKSON =
      JsonFactory.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(StrictJson.MAX_DEPTH)
                  .maxNumberLength(StrictJson.MAX_NUMBER_LENGTH)
                  .build())
          .build();

  private static @Nullable Map<String, @Nullable Object> jackson(byte[] utf8) {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(utf8))
              .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
    if (text.startsWith("\ufeff")) {
      return null;
    }
    try (JsonParser parser = JACKSON.createParser(text)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      Map<String, @Nullable Object> object = readObject(parser);
      return parser.nextToken() == null ? object : null;
    } catch (IOException | RuntimeException | LoneSurrogate e) {
      return null;
    }
  }

  /** Jackson passes escaped lone surrogates through; the reader refuses them (RFC 7493 §2.1). */
  private static final class LoneSurrogate extends Exception {
    private static final long serialVersionUID = 1L;
  }

  private static Map<String, @Nullable Object> readObject(JsonParser parser)
      throws IOException, LoneSurrogate {
    Map<String, @Nullable Object> object = new LinkedHashMap<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = paired(parser.currentName());
      parser.nextToken();
      object.put(name, readValue(parser));
    }
    return object;
  }

  private static @Nullable Object readValue(JsonParser parser) throws IOException, LoneSurrogate {
    JsonToken token = parser.currentToken();
    return switch (token) {
      case START_OBJECT -> readObject(parser);
      case START_ARRAY -> {
        List<@Nullable Object> array = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          array.add(readValue(parser));
        }
        yield array;
      }
      case VALUE_STRING -> paired(parser.getText());
      case VALUE_NUMBER_INT ->
          parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
              ? parser.getBigIntegerValue()
              : (Object) parser.getLongValue();
      case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
      case VALUE_TRUE -> true;
      case VALUE_FALSE -> false;
      case VALUE_NULL -> null;
      default -> throw new IOException("unexpected " + token);
    };
  }

  private static String paired(String text) throws LoneSurrogate {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new LoneSurrogate();
      }
    }
    return text;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    byte[] out = new byte[length];
    int at = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, out, at, part.length);
      at += part.length;
    }
    return out;
  }

  private static String hex(byte[] bytes) {
    StringBuilder out = new StringBuilder();
    for (byte b : bytes) {
      out.append(String.format("%02x", b & 0xff));
    }
    return out.toString();
  }
}
