package dev.gatehouse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * The built-in error bodies, written by Jackson's generator so every string is escaped correctly.
 */
final class JsonBodies {
  /**
   * Buffers are pooled in the factory, not in Jackson's default ThreadLocal (a SoftReference
   * Tomcat's leak check cannot see): container threads must not keep an undeployed application's
   * classes.
   */
  private static final JsonFactory JSON =
      JsonFactory.builder().recyclerPool(JsonRecyclerPools.newBoundedPool(64)).build();

  /** An empty body, for a success that has nothing to say. */
  static final ErrorBody EMPTY = new ErrorBody("application/json", "");

  private JsonBodies() {}

  /** A generator writing to {@code out}, from the one pooled factory. */
  static JsonGenerator generator(java.io.Writer out) throws IOException {
    return JSON.createGenerator(out);
  }

  /** An RFC 8935 §2.3 error: {@code {"err":..., "description":...}}. */
  static ErrorBody setError(String err, String description) {
    return flat("err", err, "description", description);
  }

  /** An OAuth-style error: {@code {"error":..., "error_description":...}} (RFC 6749 §5.2). */
  static ErrorBody oauthError(String error, String description) {
    return flat("error", error, "error_description", description);
  }

  /** A JSON object of two string members, in this order. */
  private static ErrorBody flat(String name, String value, String otherName, String other) {
    StringWriter out = new StringWriter(96);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField(name, value);
      json.writeStringField(otherName, other);
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new ErrorBody("application/json", out.toString());
  }

  static ErrorBody error(AuthFailure failure) {
    StringWriter out = new StringWriter(96);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeObjectFieldStart("error");
      json.writeStringField("code", failure.reason().code());
      json.writeStringField("message", failure.message());
      json.writeEndObject();
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new ErrorBody("application/json", out.toString());
  }

  static ErrorBody problem(AuthFailure failure) {
    StringWriter out = new StringWriter(160);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("type", "about:blank");
      json.writeStringField("title", title(failure.reason().status()));
      json.writeNumberField("status", failure.reason().status());
      json.writeStringField("detail", failure.message());
      json.writeStringField("code", failure.reason().code());
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new ErrorBody("application/problem+json", out.toString());
  }

  private static String title(int status) {
    switch (status) {
      case 400:
        return "Bad Request";
      case 401:
        return "Unauthorized";
      case 403:
        return "Forbidden";
      case 503:
        return "Service Unavailable";
      default:
        return "Error";
    }
  }
}
