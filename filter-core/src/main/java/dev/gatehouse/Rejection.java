package dev.gatehouse;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A refusal, rendered once in core: the status, the headers ({@code WWW-Authenticate}, {@code
 * Retry-After}) and the body. Every adapter writes it unchanged, so servlet and JAX-RS answers are
 * byte-identical.
 *
 * <p>Immutable and thread-safe.
 *
 * @param status the HTTP status
 * @param headers header names to values, in the order to write them
 * @param body the body and its media type
 */
public record Rejection(int status, Map<String, String> headers, ErrorBody body) {
  public Rejection {
    Objects.requireNonNull(body, "body");
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }
}
