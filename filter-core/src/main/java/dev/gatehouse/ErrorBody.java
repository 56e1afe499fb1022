package dev.gatehouse;

import java.util.Objects;

/**
 * The body of a refusal: its media type and text.
 *
 * <p>Immutable and thread-safe.
 *
 * @param contentType the {@code Content-Type}, e.g. {@code application/json}
 * @param content the body text, sent as UTF-8
 */
public record ErrorBody(String contentType, String content) {
  public ErrorBody {
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(content, "content");
  }
}
