package dev.gatehouse;

import java.util.Objects;

/**
 * The body of a refusal: its media type and text.
 *
 * <p>Immutable and thread-safe.
 *
 * @param contentType the {@code Content-Type}, sent unchanged, e.g. {@code application/json} (JSON
 *     is UTF-8 by definition, RFC 8259 §8.1); a {@code text/*} type should name {@code
 *     charset=utf-8}
 * @param content the body text, always sent as UTF-8
 */
public record ErrorBody(String contentType, String content) {
  public ErrorBody {
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(content, "content");
  }
}
