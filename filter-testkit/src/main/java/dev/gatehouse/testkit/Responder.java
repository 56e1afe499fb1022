package dev.gatehouse.testkit;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.jose4j.json.JsonUtil;

/** Writes one answer of an endpoint as its {@link Faults} say. Stateless apart from the clock. */
final class Responder {

  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
          .withZone(ZoneOffset.UTC);
  private static final byte[] INVALID_JSON = "{not json".getBytes(StandardCharsets.UTF_8);
  private static final int CHUNK = 8192;

  private final Clock clock;

  Responder(Clock clock) {
    this.clock = clock;
  }

  /** Computes the status and JSON body of a POST from its headers and body. */
  @FunctionalInterface
  interface PostHandler {
    /** The answer: {@code [status, body]}. */
    Answer handle(Headers headers, byte[] body);
  }

  /** A POST route's answer. */
  record Answer(int status, String json) {}

  /** Answers a POST as {@code faults} say, else as {@code handler} computes. */
  void respondPost(HttpExchange exchange, Faults faults, PostHandler handler) throws IOException {
    if (!exchange.getRequestMethod().equals("POST")) {
      exchange.getResponseHeaders().set("Allow", "POST");
      send(exchange, 405, error("method_not_allowed", 405));
      return;
    }
    byte[] body = exchange.getRequestBody().readNBytes(64 * 1024);
    switch (faults.body()) {
      case DISABLED -> send(exchange, 404, error("not_found", 404));
      case STATUS -> send(exchange, faults.size(), error("injected_fault", faults.size()));
      case INVALID_JSON -> send(exchange, 200, INVALID_JSON);
      case OVERSIZED ->
          sendPadded(
              exchange, handler.handle(exchange.getRequestHeaders(), body).json(), faults.size());
      case DOCUMENT -> {
        Answer answer = handler.handle(exchange.getRequestHeaders(), body);
        send(exchange, answer.status(), answer.json().getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  void notFound(HttpExchange exchange) throws IOException {
    send(exchange, 404, error("not_found", 404));
  }

  void respond(HttpExchange exchange, Endpoint endpoint, Faults faults, Supplier<String> document)
      throws IOException {
    Headers headers = exchange.getResponseHeaders();
    String cacheControl = faults.cacheControl();
    if (cacheControl != null) {
      headers.set("Cache-Control", cacheControl);
    }
    String method = exchange.getRequestMethod();
    if (!method.equals("GET") && !method.equals("HEAD")) {
      headers.set("Allow", "GET, HEAD");
      send(exchange, 405, error("method_not_allowed", 405));
      return;
    }
    switch (faults.body()) {
      case DISABLED -> send(exchange, 404, error("not_found", 404));
      case STATUS -> send(exchange, faults.size(), error("injected_fault", faults.size()));
      case INVALID_JSON -> send(exchange, 200, INVALID_JSON);
      case OVERSIZED -> sendPadded(exchange, document.get(), faults.size());
      case DOCUMENT -> sendDocument(exchange, endpoint, faults, document.get());
    }
  }

  private void sendDocument(
      HttpExchange exchange, Endpoint endpoint, Faults faults, String document) throws IOException {
    byte[] body = document.getBytes(StandardCharsets.UTF_8);
    String etag = etag(body);
    Instant lastModified = endpoint.lastModified(etag, clock.instant());
    Headers headers = exchange.getResponseHeaders();
    headers.set("ETag", etag);
    headers.set("Last-Modified", HTTP_DATE.format(lastModified));
    boolean conditional = !faults.ignoreConditional();
    if (conditional && notModified(exchange.getRequestHeaders(), etag, lastModified)) {
      exchange.sendResponseHeaders(304, -1);
      return;
    }
    send(exchange, 200, body);
  }

  /** RFC 9110 section 13.2.2: If-None-Match decides when present; If-Modified-Since otherwise. */
  static boolean notModified(Headers request, String etag, Instant lastModified) {
    List<String> ifNoneMatch = request.get("If-None-Match");
    if (ifNoneMatch != null) {
      return ifNoneMatch.stream()
          .flatMap(value -> Arrays.stream(value.split(",")))
          .map(String::trim)
          .map(tag -> tag.startsWith("W/") ? tag.substring(2) : tag)
          .anyMatch(tag -> tag.equals("*") || tag.equals(etag));
    }
    String ifModifiedSince = request.getFirst("If-Modified-Since");
    if (ifModifiedSince == null) {
      return false;
    }
    try {
      Instant since =
          ZonedDateTime.parse(ifModifiedSince, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      return !lastModified.isAfter(since);
    } catch (DateTimeParseException e) {
      return false; // RFC 9110 section 13.1.3: an invalid date is ignored
    }
  }

  /** Sends exactly {@code size} bytes: the document with whitespace before its closing brace. */
  private static void sendPadded(HttpExchange exchange, String document, int size)
      throws IOException {
    byte[] doc = document.getBytes(StandardCharsets.UTF_8);
    byte[] head = doc.length <= size ? Arrays.copyOf(doc, doc.length - 1) : new byte[] {'{'};
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    if (exchange.getRequestMethod().equals("HEAD")) {
      exchange.sendResponseHeaders(200, -1);
      return;
    }
    exchange.sendResponseHeaders(200, size);
    OutputStream out = exchange.getResponseBody();
    out.write(head);
    byte[] spaces = new byte[CHUNK];
    Arrays.fill(spaces, (byte) ' ');
    for (long left = size - head.length - 1L; left > 0; left -= CHUNK) {
      out.write(spaces, 0, (int) Math.min(left, CHUNK));
    }
    out.write('}');
  }

  private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    boolean noBody = exchange.getRequestMethod().equals("HEAD") || status == 204 || status == 304;
    exchange.sendResponseHeaders(status, noBody || body.length == 0 ? -1 : body.length);
    if (!noBody) {
      exchange.getResponseBody().write(body);
    }
  }

  private static byte[] error(String code, int status) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", code);
    body.put("status", status);
    return JsonUtil.toJson(body).getBytes(StandardCharsets.UTF_8);
  }

  /** A strong ETag: the unpadded base64url SHA-256 of the body, quoted (RFC 9110 8.8.3). */
  static String etag(byte[] body) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(body);
      return '"' + Base64.getUrlEncoder().withoutPadding().encodeToString(hash) + '"';
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
