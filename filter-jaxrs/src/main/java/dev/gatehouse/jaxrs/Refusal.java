package dev.gatehouse.jaxrs;

import dev.gatehouse.ErrorBody;
import dev.gatehouse.Rejection;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;

/**
 * Turns the core's {@link Rejection} into a {@link Response} that carries exactly what the servlet
 * adapter writes: the status, every header in order (the core adds {@code Cache-Control:
 * no-store}), and the body as UTF-8 with its media type.
 */
final class Refusal {
  private Refusal() {}

  static Response of(Rejection rejection) {
    Response.ResponseBuilder response = Response.status(rejection.status());
    rejection.headers().forEach(response::header);
    ErrorBody body = rejection.body();
    return response
        // A plain string, as the servlet adapter sends it: no runtime re-renders a MediaType.
        .header(HttpHeaders.CONTENT_TYPE, body.contentType())
        .entity(body.content().getBytes(StandardCharsets.UTF_8))
        .build();
  }

  /** Answers a request that cannot be judged because the filter has no valid configuration. */
  static Response misconfigured() {
    return Response.serverError().header(HttpHeaders.CACHE_CONTROL, "no-store").build();
  }
}
