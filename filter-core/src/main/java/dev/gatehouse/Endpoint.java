package dev.gatehouse;

import java.io.IOException;
import java.io.InputStream;

/**
 * An endpoint that the adapters serve at a configured path, before and never behind the bearer
 * check: the OpenID Connect back-channel logout receiver ({@link BackChannelLogout}), the Shared
 * Signals push receiver ({@link SecurityEventReceiver}), and the protected-resource metadata (RFC
 * 9728) of a guard whose verifier names its resource, and the readiness check ({@link Readiness}).
 * Each adapter asks {@link Guard#endpoint(RequestView)} first and, when it returns one, writes what
 * {@link #handle} answers and stops; every rule (method, media type, body limit, token checks, the
 * JSON error) is decided here, in core.
 *
 * <p>Thread-safe.
 */
public sealed interface Endpoint
    permits BackChannelLogout, SecurityEventReceiver, ResourceMetadata, Readiness {
  /**
   * Answers one request, reading at most the endpoint's body limit from {@code body}.
   *
   * @param view the request
   * @param body the request body, not closed here
   * @return the answer to write unchanged: a success or a refusal, never a 500
   * @throws IOException only if reading the body fails (the client went away)
   */
  Rejection handle(RequestView view, InputStream body) throws IOException;
}
