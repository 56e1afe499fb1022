package dev.gatehouse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
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
import org.jspecify.annotations.Nullable;

/**
 * The one JSON reader for token headers and claims: exactly one RFC 8259 object, UTF-8, no
 * duplicate member names, no trailing or missing commas, no leading zeros, no raw control
 * characters, nothing after the object, nested at most {@link #MAX_DEPTH} deep. Lenient readers
 * disagree with each other on exactly these inputs; the token is read once, here, and never again
 * by another parser.
 */
final class StrictJson {
  /** Deepest nesting of the header or claims JSON; real tokens use a handful of levels. */
  static final int MAX_DEPTH = 32;

  private static final JsonFactory JSON =
      JsonFactory.builder()
          // Buffers are pooled in the factory, not in Jackson's default ThreadLocal (a
          // SoftReference Tomcat's leak check cannot see): container threads must not keep an
          // undeployed application's classes.
          .recyclerPool(JsonRecyclerPools.newBoundedPool(64))
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(MAX_DEPTH)
                  .maxNumberLength(64)
                  .build())
          .build();

  private StrictJson() {}

  /**
   * The object in {@code utf8}, or null when it is not one strict JSON object in UTF-8 (RFC 8259
   * §8.1: no byte order mark, no other encoding guessed from the first bytes).
   */
  static @Nullable Map<String, @Nullable Object> object(byte[] utf8) {
    // Most tokens are plain ASCII, which Jackson reads from the bytes as they are (no BOM, no
    // multi-byte sequence to judge); anything else goes through a strict UTF-8 decoder first.
    if (isAscii(utf8)) {
      try (JsonParser parser = JSON.createParser(utf8)) {
        return object(parser);
      } catch (IOException | RuntimeException e) {
        return null;
      }
    }
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
    try (JsonParser parser = JSON.createParser(text)) {
      return object(parser);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static @Nullable Map<String, @Nullable Object> object(JsonParser parser)
      throws IOException {
    if (parser.nextToken() != JsonToken.START_OBJECT) {
      return null;
    }
    Map<String, @Nullable Object> object = readObject(parser);
    return parser.nextToken() == null ? object : null;
  }

  private static boolean isAscii(byte[] bytes) {
    for (byte b : bytes) {
      if (b < 0) {
        return false;
      }
    }
    return true;
  }

  private static Map<String, @Nullable Object> readObject(JsonParser parser) throws IOException {
    Map<String, @Nullable Object> object = new LinkedHashMap<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      parser.nextToken();
      object.put(name, readValue(parser));
    }
    return object;
  }

  private static @Nullable Object readValue(JsonParser parser) throws IOException {
    JsonToken token = parser.currentToken();
    switch (token) {
      case START_OBJECT:
        return readObject(parser);
      case START_ARRAY:
        List<@Nullable Object> array = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          array.add(readValue(parser));
        }
        return array;
      case VALUE_STRING:
        return parser.getText();
      case VALUE_NUMBER_INT:
        return integer(parser);
      case VALUE_NUMBER_FLOAT:
        return parser.getDoubleValue();
      case VALUE_TRUE:
        return true;
      case VALUE_FALSE:
        return false;
      case VALUE_NULL:
        return null;
      default:
        throw new IOException("unexpected " + token);
    }
  }

  /** Integers as {@code Long} when they fit, else {@code BigInteger} (never silently truncated). */
  private static Object integer(JsonParser parser) throws IOException {
    if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
      BigInteger big = parser.getBigIntegerValue();
      return big;
    }
    return parser.getLongValue();
  }
}
