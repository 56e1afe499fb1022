package dev.gatehouse.examples;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One request to an example and the exact answer to expect: what {@code main} prints as a curl
 * command and what the integration tests send and check.
 *
 * <p>Immutable and thread-safe.
 *
 * @param title what the request shows, such as "expired token"
 * @param path the path, such as {@code /api/orders}
 * @param token the bearer token to send, or null for none
 * @param status the expected HTTP status
 * @param challenge the expected {@code WWW-Authenticate} value, or null when there is none
 * @param body the expected body, exactly
 */
public record Scenario(
    String title,
    String path,
    @Nullable String token,
    int status,
    @Nullable String challenge,
    String body) {
  public Scenario {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(body, "body");
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("path must start with /: " + path);
    }
  }

  /** The request as a curl command against {@code base}, ready to paste into a shell. */
  public String curl(URI base) {
    String uri = base.resolve(path).toString();
    return token == null
        ? "curl -i " + uri
        : "curl -i " + uri + " -H 'Authorization: Bearer " + token + "'";
  }

  /** The expected answer, a line each: the status, the challenge if any, the body. */
  public List<String> expectation() {
    List<String> lines = new ArrayList<>();
    lines.add(Integer.toString(status));
    if (challenge != null) {
      lines.add("WWW-Authenticate: " + challenge);
    }
    lines.add(body);
    return List.copyOf(lines);
  }
}
