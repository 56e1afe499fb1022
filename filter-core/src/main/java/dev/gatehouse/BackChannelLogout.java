package dev.gatehouse;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiver of OpenID Connect Back-Channel Logout 1.0: an identity provider POSTs a {@code
 * logout_token} when a user logs out, and the tokens of that session ({@code sid}), or of that
 * subject issued before now ({@code sub} alone), are revoked in the verifier's {@link Revocations}
 * at once, cache included.
 *
 * <pre>{@code
 * Guard guard = Guard.builder(verifier)
 *     .endpoint("/backchannel-logout",
 *         BackChannelLogout.builder(verifier).audiences("my-client-id").build())
 *     .build();
 * }</pre>
 *
 * <p>The logout token is validated per §2.6: a compact JWS signed by a trusted issuer's key (an
 * unknown {@code kid} refreshes the keys once, as for access tokens) with an allowed {@code alg};
 * {@code typ} {@code logout+jwt} when present; {@code aud} naming one of the configured client ids;
 * {@code iat} present and within {@link Builder#maxAge}; {@code exp}, when present, not passed;
 * {@code jti} present and never seen before; {@code events} holding the back-channel-logout member
 * as a JSON object; {@code sid} or {@code sub}; no {@code nonce}. Success is {@code 200}; a refusal
 * is {@code 400} with {@code {"error":"invalid_request","error_description":...}} ({@code 503} with
 * {@code Retry-After} while the issuer's keys are unavailable), always {@code Cache-Control:
 * no-store}; a refused token changes nothing.
 *
 * <p>Immutable and thread-safe.
 */
public final class BackChannelLogout implements Endpoint {
  /** The {@code events} member that marks a logout token (§2.4). */
  public static final String EVENT = "http://schemas.openid.net/event/backchannel-logout";

  /** The default bound on {@code now - iat}. */
  public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(2);

  /** The default bound on the request body. */
  public static final int DEFAULT_MAX_BODY_BYTES = 16 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(BackChannelLogout.class);
  private static final Set<String> TYPES = Set.of("logout+jwt", "application/logout+jwt");
  private static final int REPLAY_CAPACITY = 100_000;

  private final TokenVerifier verifier;
  private final Set<String> audiences;
  private final Duration maxAge;
  private final int maxBodyBytes;
  private final ReplayCache replays;

  private BackChannelLogout(Builder b) {
    this.verifier = b.verifier;
    this.audiences = Set.copyOf(b.audiences);
    this.maxAge = b.maxAge;
    this.maxBodyBytes = b.maxBodyBytes;
    this.replays = new ReplayCache(REPLAY_CAPACITY, verifier.clock());
  }

  /** A builder for the logout receiver of {@code verifier}'s issuers. */
  public static Builder builder(TokenVerifier verifier) {
    return new Builder(verifier);
  }

  @Override
  public Rejection handle(RequestView view, InputStream body) throws IOException {
    if (!"POST".equals(view.method)) {
      return EventTokens.methodNotAllowed(JsonBodies.oauthError("invalid_request", "use POST"));
    }
    if (!FormBody.isMediaType(view.header("Content-Type"), "application/x-www-form-urlencoded")) {
      return refuse(400, "the body must be application/x-www-form-urlencoded");
    }
    byte[] bytes = FormBody.read(body, maxBodyBytes);
    if (bytes == null) {
      return refuse(413, "the body is too large");
    }
    List<String> tokens;
    try {
      tokens = FormBody.values(bytes, "logout_token");
    } catch (IllegalArgumentException e) {
      return refuse(400, "the body is not a valid form");
    }
    if (tokens.size() != 1 || tokens.get(0).isEmpty()) {
      return refuse(400, "exactly one logout_token is required");
    }
    try {
      logout(tokens.get(0));
    } catch (RuntimeException e) {
      // Fail closed, never a 500.
      LOG.debug("logout token refused: unexpected {}", e.getClass().getName());
      return refuse(400, "logout token could not be processed");
    } catch (AuthException e) {
      AuthFailure failure = e.failure();
      LOG.debug("logout token refused: {}", failure.message());
      if (failure.reason().status() == 503) {
        return EventTokens.unavailable(
            JsonBodies.oauthError("temporarily_unavailable", failure.message()));
      }
      return refuse(400, failure.message());
    }
    return EventTokens.answer(200, JsonBodies.EMPTY);
  }

  private void logout(String token) throws AuthException {
    Instant now = verifier.clock().instant();
    SignedToken verified = verifier.verifySigned(token, (t, policy) -> check(t, policy, now));
    Map<String, @Nullable Object> claims = verified.claims;
    // A verified token has an iss; check() below made sure of events and of sub when sid is absent.
    String issuer = Objects.requireNonNull((String) claims.get("iss"), "iss");
    EventTokens.firstUse(replays, verified, maxAge, EventTokens.leeway(verifier, issuer));
    String sid = claims.get("sid") instanceof String s && !s.isEmpty() ? s : null;
    if (sid != null) {
      verifier.revocations().revokeSession(issuer, sid);
    } else {
      verifier
          .revocations()
          .revokeSubject(issuer, Objects.requireNonNull((String) claims.get("sub"), "sub"), now);
    }
  }

  /** §2.6 steps 3 to 6, before any key lookup. */
  private void check(SignedToken token, IssuerPolicy policy, Instant now) throws AuthException {
    EventTokens.check(token, policy, now, TYPES, false, audiences, maxAge);
    Map<String, @Nullable Object> claims = token.claims;
    if (!(Objects.requireNonNull((Map<?, ?>) claims.get("events"), "events").get(EVENT)
        instanceof Map<?, ?>)) {
      throw EventTokens.fail("events claim lacks the back-channel logout event");
    }
    Object sub = claims.get("sub");
    Object sid = claims.get("sid");
    if ((sub != null && !(sub instanceof String)) || (sid != null && !(sid instanceof String))) {
      throw EventTokens.fail("sub or sid claim has the wrong type");
    }
    boolean hasSub = sub instanceof String s && !s.isEmpty();
    boolean hasSid = sid instanceof String s && !s.isEmpty();
    if (!hasSub && !hasSid) {
      throw EventTokens.fail("sub or sid claim is required");
    }
    if (claims.containsKey("nonce")) {
      throw EventTokens.fail("a logout token must not contain nonce");
    }
  }

  private static Rejection refuse(int status, String description) {
    return EventTokens.answer(status, JsonBodies.oauthError("invalid_request", description));
  }

  /** Builds a {@link BackChannelLogout}. Not thread-safe. */
  public static final class Builder {
    private final TokenVerifier verifier;
    private final Set<String> audiences = new LinkedHashSet<>();
    private Duration maxAge = DEFAULT_MAX_AGE;
    private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;

    private Builder(TokenVerifier verifier) {
      this.verifier = Objects.requireNonNull(verifier, "verifier");
    }

    /** The client ids a logout token's {@code aud} must name one of; required. */
    public Builder audiences(String... clientIds) {
      return audiences(Arrays.asList(clientIds));
    }

    /** The client ids a logout token's {@code aud} must name one of; required. */
    public Builder audiences(Collection<String> clientIds) {
      EventTokens.addAudiences(clientIds, audiences, "a logout audience must be a client id");
      return this;
    }

    /** How old a logout token's {@code iat} may be, leeway aside; default 2 minutes. */
    public Builder maxAge(Duration maxAge) {
      this.maxAge = EventTokens.maxAge(maxAge, Duration.ofHours(1), "logout token");
      return this;
    }

    /** The largest request body read; default 16 KiB. */
    public Builder maxBodyBytes(int maxBodyBytes) {
      this.maxBodyBytes = EventTokens.bodyLimit(maxBodyBytes, "logout");
      return this;
    }

    /**
     * The receiver.
     *
     * @throws IllegalStateException without an audience
     */
    public BackChannelLogout build() {
      if (audiences.isEmpty()) {
        throw new IllegalStateException(
            "a back-channel logout receiver needs the client ids its logout tokens are for");
      }
      return new BackChannelLogout(this);
    }
  }
}
