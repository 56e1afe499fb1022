package dev.gatehouse;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An audit trail: one JSON line at INFO on the logger {@code dev.gatehouse.audit} per refused
 * request and per revocation recorded on this node, opt-in (setting {@code audit=true}, or {@link
 * TokenVerifier.Builder#listener listener(AuditLog.create(...))}).
 *
 * <pre>{@code
 * {"event":"refused","request_id":"7f9c2b","path":"/api/orders","reason":"expired","status":401}
 * {"event":"refused","request_id":"5c1e...","path":"/api/admin","issuer":"https://idp.example.com",
 *   "subject":"sha256:Jd3V...","reason":"insufficient_scope","status":403}
 * {"event":"revoked","request_id":"9a0b...","issuer":"https://idp.example.com","kind":"session",
 *   "value":"sha256:q8Xw..."}
 * }</pre>
 *
 * <p>{@code request_id} is the request's {@code X-Request-Id} when it is well-formed, else a new
 * random one. The subject (and a revocation's {@code jti}, {@code sid}, subject, client or email)
 * is written as {@link Subject#PLAIN plain}, as an unsalted SHA-256 {@link Subject#HASH hash} (the
 * default; it links lines about one user without naming them, but a known subject can be hashed and
 * looked up), or {@link Subject#NONE not at all}. A token, a claim other than the subject, a header
 * or a secret is never written. Values the client sent (the path) are cut to 256 characters, and
 * every character outside printable ASCII is escaped, so a line is always one line.
 *
 * <p>Immutable and thread-safe.
 */
public final class AuditLog implements GatehouseListener {
  /** The name of the logger the lines go to. */
  public static final String LOGGER = "dev.gatehouse.audit";

  /** How subjects appear in the lines. */
  public enum Subject {
    /** As they are. */
    PLAIN,
    /** As {@code sha256:} and the base64url SHA-256 of the value. */
    HASH,
    /** Left out. */
    NONE
  }

  /** The longest value the client chose that a line carries. */
  static final int MAX_VALUE_LENGTH = 256;

  private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

  private final Subject subject;
  private final Logger log;

  private AuditLog(Subject subject, Logger log) {
    this.subject = subject;
    this.log = log;
  }

  /** An audit log that writes subjects as {@code subject} says. */
  public static AuditLog create(Subject subject) {
    return new AuditLog(Objects.requireNonNull(subject, "subject"), LOG);
  }

  @Override
  public void on(GatehouseEvent event) {
    if (!log.isInfoEnabled()) {
      return;
    }
    if (event instanceof GatehouseEvent.TokenRefused refused) {
      log.info(line(refused));
    } else if (event instanceof GatehouseEvent.RevocationApplied revoked) {
      log.info(line(revoked.entry()));
    }
  }

  String line(GatehouseEvent.TokenRefused refused) {
    return json(
        json -> {
          json.writeStringField("event", "refused");
          json.writeStringField("request_id", requestId(refused.requestId()));
          json.writeStringField("path", bounded(refused.path()));
          if (refused.issuer() != null) {
            json.writeStringField("issuer", bounded(refused.issuer()));
          }
          String shown = shown(refused.subject());
          if (shown != null) {
            json.writeStringField("subject", shown);
          }
          json.writeStringField("reason", refused.reason().name().toLowerCase(Locale.ROOT));
          json.writeNumberField("status", refused.reason().status());
        });
  }

  String line(Revocations.Entry entry) {
    return json(
        json -> {
          json.writeStringField("event", "revoked");
          json.writeStringField("request_id", requestId(null));
          json.writeStringField("issuer", bounded(entry.issuer()));
          json.writeStringField("kind", entry.kind().name().toLowerCase(Locale.ROOT));
          String shown = shown(entry.value());
          if (shown != null) {
            json.writeStringField("value", shown);
          }
          json.writeStringField("not_before", entry.notBefore().toString());
        });
  }

  private @Nullable String shown(@Nullable String value) {
    if (value == null) {
      return null;
    }
    return switch (subject) {
      case PLAIN -> bounded(value);
      case HASH -> "sha256:" + Base64Url.sha256(value.getBytes(StandardCharsets.UTF_8));
      case NONE -> null;
    };
  }

  /** The request's own id, else a new one, so lines about one request can be found together. */
  private static String requestId(@Nullable String sent) {
    return sent != null ? sent : UUID.randomUUID().toString();
  }

  private static String bounded(String value) {
    return value.length() <= MAX_VALUE_LENGTH
        ? value
        : value.substring(0, MAX_VALUE_LENGTH) + "...";
  }

  private interface Members {
    void write(JsonGenerator json) throws IOException;
  }

  private static String json(Members members) {
    StringWriter out = new StringWriter(160);
    try (JsonGenerator json = JsonBodies.generator(out)) {
      // Everything outside printable ASCII escaped: no line separator can split the line.
      json.setHighestNonEscapedChar(126);
      json.writeStartObject();
      members.write(json);
      json.writeEndObject();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out.toString();
  }
}
