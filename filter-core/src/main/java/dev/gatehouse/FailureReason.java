package dev.gatehouse;

/**
 * Why a request was not authenticated or not authorized, each reason mapped once to its HTTP status
 * and its error code (RFC 6750 §3.1 codes, plus {@code missing_token} and {@code
 * temporarily_unavailable}).
 *
 * <p>Immutable and thread-safe.
 */
public enum FailureReason {
  /** No bearer credentials were sent (RFC 6750 §3.1: the challenge carries no error code). */
  MISSING_TOKEN(401, "missing_token"),
  /** The request itself is malformed: several {@code Authorization} headers, a bad header. */
  MALFORMED_REQUEST(400, "invalid_request"),
  /** The token is not a well-formed signed JWT, or violates the token policy. */
  MALFORMED_TOKEN(401, "invalid_token"),
  /** The signature does not verify with the issuer's key. */
  BAD_SIGNATURE(401, "invalid_token"),
  /** No key of the issuer's key set fits the token's {@code kid} and algorithm. */
  UNKNOWN_KEY(401, "invalid_token"),
  /** The token's algorithm is not on the allow-list. */
  DISALLOWED_ALGORITHM(401, "invalid_token"),
  /** The token's {@code exp} has passed. */
  EXPIRED(401, "invalid_token"),
  /** The token's {@code nbf} or {@code iat} lies in the future. */
  NOT_YET_VALID(401, "invalid_token"),
  /** The token, its session, its subject or its client was revoked before it expired. */
  REVOKED(401, "invalid_token"),
  /** The issuer's introspection endpoint says the (opaque) token is not active (RFC 7662 §2.2). */
  INACTIVE(401, "invalid_token"),
  /**
   * The token is bound to a key (DPoP, RFC 9449: {@code cnf.jkt}) or a client certificate (RFC
   * 8705: {@code cnf["x5t#S256"]}) that the request does not prove, or the route or issuer needs a
   * bound token and this one is not.
   */
  WRONG_SENDER(401, "invalid_token"),
  /** The request's DPoP proof is missing, malformed or fails a check of RFC 9449 §4.3. */
  INVALID_DPOP_PROOF(401, "invalid_dpop_proof"),
  /**
   * The DPoP proof carries no nonce, or not a current one (RFC 9449 §9): the answer's {@code
   * DPoP-Nonce} header has one to retry with.
   */
  USE_DPOP_NONCE(401, "use_dpop_nonce"),
  /** The token's {@code iss} is not a trusted issuer. */
  WRONG_ISSUER(401, "invalid_token"),
  /** The token's {@code aud} names none of the expected audiences. */
  WRONG_AUDIENCE(401, "invalid_token"),
  /** A required claim is missing or has the wrong type. */
  MISSING_CLAIM(401, "invalid_token"),
  /**
   * The token is valid but its user's authentication is not strong or recent enough: an {@code acr}
   * the route does not accept, or an {@code auth_time} older than its {@code max_age} (RFC 9470
   * §3); the challenge says what is needed.
   */
  INSUFFICIENT_USER_AUTHENTICATION(401, "insufficient_user_authentication"),
  /**
   * The token is valid but lacks a scope the resource needs (RFC 6750 §3.1), or a claim or an
   * organization permission the route asks for (RFC 6750 has no closer code).
   */
  INSUFFICIENT_SCOPE(403, "insufficient_scope"),
  /**
   * The token is valid but the resource is closed to it: a role it lacks ({@code @RolesAllowed}) or
   * {@code @DenyAll}. RFC 6750 defines no challenge for it, so the 403 carries none.
   */
  FORBIDDEN(403, "access_denied"),
  /**
   * The issuer's keys cannot be fetched and none are cached: the server's failure, not the
   * client's.
   */
  KEYS_UNAVAILABLE(503, "temporarily_unavailable"),
  /**
   * The revocation list's replica has not been in step with the shared store for longer than the
   * configured {@code revocation-max-staleness-seconds}: revoked tokens might pass, so none does.
   */
  REVOCATIONS_STALE(503, "temporarily_unavailable"),
  /**
   * The issuer's introspection endpoint failed, timed out or gave no valid answer: the server's
   * failure, not the client's.
   */
  INTROSPECTION_UNAVAILABLE(503, "temporarily_unavailable"),
  /**
   * The shared store that makes DPoP proofs single-use across nodes cannot answer, so a replayed
   * proof might pass: none does (unless {@code dpop-replay-fail-open}).
   */
  DPOP_REPLAY_UNAVAILABLE(503, "temporarily_unavailable");

  private final int status;
  private final String code;

  FailureReason(int status, String code) {
    this.status = status;
    this.code = code;
  }

  /** The HTTP status of the response. */
  public int status() {
    return status;
  }

  /**
   * The error code: in the JSON body always, in {@code WWW-Authenticate} when RFC 6750 defines it.
   */
  public String code() {
    return code;
  }

  /** Whether RFC 6750 defines {@link #code()} for the {@code error} parameter of the challenge. */
  boolean isChallengeCode() {
    return this != MISSING_TOKEN && status != 503 && this != FORBIDDEN;
  }
}
