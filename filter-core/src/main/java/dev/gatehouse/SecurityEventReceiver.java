package dev.gatehouse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Shared Signals (SSF) push receiver (RFC 8935): a transmitter POSTs Security Event Tokens (RFC
 * 8417) and the ones about sessions and accounts revoke tokens in the verifier's {@link
 * Revocations} at once, cache included.
 *
 * <pre>{@code
 * Guard guard = Guard.builder(verifier)
 *     .endpoint("/ssf/events",
 *         SecurityEventReceiver.builder(verifier)
 *             .audiences("https://api.example.com")
 *             .transmitters("https://idp.example.com")
 *             .build())
 *     .build();
 * }</pre>
 *
 * <p>A transmitter is a trusted issuer of the verifier: its SETs are verified with that issuer's
 * keys. The request must be {@code POST} with {@code Content-Type: application/secevent+jwt}; the
 * SET must have header {@code typ} {@code secevent+jwt}, an allowed {@code alg}, {@code iss} one of
 * the configured transmitters, {@code aud} naming one of the configured audiences, an {@code iat}
 * within {@link Builder#maxAge}, an unexpired {@code exp} if any, a {@code jti} never seen before
 * and an {@code events} object. Subjects (RFC 9493, in the event's {@code subject} or the SET's
 * {@code sub_id}): {@code iss_sub}, {@code email}, {@code opaque} (a subject of the transmitter),
 * and {@code complex} with {@code user} and {@code session} (an {@code opaque} session id, taken as
 * the tokens' {@code sid}).
 *
 * <p>Events acted on: CAEP {@code session-revoked} (the session, else every token of the user),
 * CAEP {@code credential-change}, and RISC {@code account-disabled}, {@code account-purged} and
 * {@code sessions-revoked} (every token of the user issued before the event: CAEP's {@code
 * event_timestamp}, else now). Other event types are accepted and ignored (each logged once).
 *
 * <p>Success is {@code 202} with no body; a refusal is {@code 400} with the RFC 8935 §2.3 body
 * {@code {"err":...,"description":...}} ({@code invalid_request}, {@code invalid_key}, {@code
 * invalid_issuer}, {@code invalid_audience}), {@code 405}, {@code 413} for a body over the limit,
 * or {@code 503} with {@code Retry-After} while keys are unavailable; always {@code Cache-Control:
 * no-store}. A refused SET changes nothing.
 *
 * <p>Immutable and thread-safe.
 */
public final class SecurityEventReceiver implements Endpoint {
  /** CAEP: a session was revoked. */
  public static final String SESSION_REVOKED =
      "https://schemas.openid.net/secevent/caep/event-type/session-revoked";

  /** CAEP: a credential (password, key) changed. */
  public static final String CREDENTIAL_CHANGE =
      "https://schemas.openid.net/secevent/caep/event-type/credential-change";

  /** RISC: the account was disabled. */
  public static final String ACCOUNT_DISABLED =
      "https://schemas.openid.net/secevent/risc/event-type/account-disabled";

  /** RISC: the account was deleted. */
  public static final String ACCOUNT_PURGED =
      "https://schemas.openid.net/secevent/risc/event-type/account-purged";

  /** RISC: every session of the account was revoked. */
  public static final String SESSIONS_REVOKED =
      "https://schemas.openid.net/secevent/risc/event-type/sessions-revoked";

  /** The default bound on {@code now - iat}: transmitters retry deliveries for a while. */
  public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(10);

  private static final Logger LOG = LoggerFactory.getLogger(SecurityEventReceiver.class);
  private static final Set<String> TYPES = Set.of("secevent+jwt", "application/secevent+jwt");
  private static final Set<String> ACTED_ON =
      Set.of(
          SESSION_REVOKED, CREDENTIAL_CHANGE, ACCOUNT_DISABLED, ACCOUNT_PURGED, SESSIONS_REVOKED);
  private static final int REPLAY_CAPACITY = 100_000;
  private static final int MAX_LOGGED_TYPES = 64;

  /** A subject the events name, resolved to what tokens carry. */
  private record Subject(
      String issuer, @Nullable String sub, @Nullable String email, @Nullable String sid) {
    // Written out: on JDK 17 the equals and hashCode a record gets by default are bootstrapped
    // through a JDK-wide method handle whose cache keeps the last record class it served, and so
    // an undeployed web application's class loader.
    @Override
    public boolean equals(@Nullable Object o) {
      return o instanceof Subject s
          && issuer.equals(s.issuer)
          && Objects.equals(sub, s.sub)
          && Objects.equals(email, s.email)
          && Objects.equals(sid, s.sid);
    }

    @Override
    public int hashCode() {
      return Objects.hash(issuer, sub, email, sid);
    }
  }

  private final TokenVerifier verifier;
  private final Set<String> audiences;
  private final Set<String> transmitters;
  private final Duration maxAge;
  private final int maxBodyBytes;
  private final ReplayCache replays;
  private final Set<String> loggedTypes = ConcurrentHashMap.newKeySet();

  private SecurityEventReceiver(Builder b) {
    this.verifier = b.verifier;
    this.audiences = Set.copyOf(b.audiences);
    this.transmitters = Set.copyOf(b.transmitters);
    this.maxAge = b.maxAge;
    this.maxBodyBytes = b.maxBodyBytes;
    this.replays = new ReplayCache(REPLAY_CAPACITY, verifier.clock());
  }

  /** A builder for a receiver that revokes tokens of {@code verifier}. */
  public static Builder builder(TokenVerifier verifier) {
    return new Builder(verifier);
  }

  @Override
  public Rejection handle(RequestView view, InputStream body) throws IOException {
    if (!"POST".equals(view.method)) {
      return EventTokens.methodNotAllowed(error("invalid_request", "use POST"));
    }
    if (!FormBody.isMediaType(view.header("Content-Type"), "application/secevent+jwt")) {
      return refuse(400, "invalid_request", "the body must be application/secevent+jwt");
    }
    byte[] bytes = FormBody.read(body, maxBodyBytes);
    if (bytes == null) {
      return refuse(413, "invalid_request", "the body is too large");
    }
    String token = new String(bytes, StandardCharsets.US_ASCII).strip();
    try {
      receive(token);
    } catch (RuntimeException e) {
      // Fail closed, never a 500.
      LOG.debug("security event token refused: unexpected {}", e.getClass().getName());
      return refuse(400, "invalid_request", "security event token could not be processed");
    } catch (AuthException e) {
      AuthFailure failure = e.failure();
      LOG.debug("security event token refused: {}", failure.message());
      if (failure.reason().status() == 503) {
        return EventTokens.unavailable(error("temporarily_unavailable", failure.message()));
      }
      return refuse(400, code(failure.reason()), failure.message());
    }
    return EventTokens.answer(202, JsonBodies.EMPTY);
  }

  private static String code(FailureReason reason) {
    return switch (reason) {
      case BAD_SIGNATURE, UNKNOWN_KEY, DISALLOWED_ALGORITHM -> "invalid_key";
      case WRONG_ISSUER -> "invalid_issuer";
      case WRONG_AUDIENCE -> "invalid_audience";
      default -> "invalid_request";
    };
  }

  private void receive(String token) throws AuthException {
    Instant now = verifier.clock().instant();
    SignedToken verified = verifier.verifySigned(token, (t, policy) -> check(t, policy, now));
    // A verified token has an iss, and check() made sure events is an object.
    String transmitter = Objects.requireNonNull((String) verified.claims.get("iss"), "iss");
    Duration leeway = EventTokens.leeway(verifier, transmitter);
    Map<?, ?> events = Objects.requireNonNull((Map<?, ?>) verified.claims.get("events"), "events");
    // Resolve every event before acting on any: a SET that is refused changes nothing.
    Map<Subject, Instant> subjects = new LinkedHashMap<>();
    Map<Subject, Boolean> sessions = new LinkedHashMap<>();
    for (Map.Entry<?, ?> event : events.entrySet()) {
      String type = String.valueOf(event.getKey());
      if (!ACTED_ON.contains(type)) {
        if (loggedTypes.size() < MAX_LOGGED_TYPES && loggedTypes.add(type)) {
          LOG.info("security event type ignored (logged once): {}", printable(type));
        }
        continue;
      }
      if (!(event.getValue() instanceof Map<?, ?> payload)) {
        throw EventTokens.fail("an event must be a JSON object");
      }
      Subject subject = subject(payload.get("subject"), verified.claims.get("sub_id"), transmitter);
      boolean caep = type.equals(SESSION_REVOKED) || type.equals(CREDENTIAL_CHANGE);
      Instant at = caep ? eventTime(payload.get("event_timestamp"), now, leeway) : now;
      if (type.equals(SESSION_REVOKED) && subject.sid() != null) {
        sessions.put(subject, Boolean.TRUE);
      } else if (subject.sub() == null && subject.email() == null) {
        throw EventTokens.fail("the event's subject names no user");
      } else {
        subjects.merge(subject, at, (a, b) -> a.isAfter(b) ? a : b);
      }
    }
    EventTokens.firstUse(replays, verified, maxAge, leeway);
    Revocations revocations = verifier.revocations();
    sessions
        .keySet()
        .forEach(s -> revocations.revokeSession(s.issuer(), Objects.requireNonNull(s.sid())));
    subjects.forEach(
        (s, at) -> {
          if (s.sub() != null) {
            revocations.revokeSubject(s.issuer(), s.sub(), at);
          } else {
            // Only subjects with a sub or an email are kept.
            revocations.revokeEmail(s.issuer(), Objects.requireNonNull(s.email()), at);
          }
        });
  }

  /** The shared checks, then the transmitter, before any key lookup. */
  private void check(SignedToken token, IssuerPolicy policy, Instant now) throws AuthException {
    if (!transmitters.contains(policy.issuer())) {
      throw AuthFailure.of(FailureReason.WRONG_ISSUER, "issuer is not a transmitter").exception();
    }
    EventTokens.check(token, policy, now, TYPES, true, audiences, maxAge);
  }

  /** The event time, no later than now; a SET without one is taken as of now. */
  private static Instant eventTime(@Nullable Object value, Instant now, Duration leeway)
      throws AuthException {
    if (value == null) {
      return now;
    }
    if (!(value instanceof Number number)) {
      throw EventTokens.fail("event_timestamp has the wrong type");
    }
    Instant at = Instant.ofEpochSecond(ClaimRules.seconds(number));
    if (at.isAfter(now.plus(leeway))) {
      throw EventTokens.fail("event_timestamp lies in the future");
    }
    return at.isAfter(now) ? now : at;
  }

  /** RFC 9493 subject identifiers, and the SSF complex subject with user and session. */
  private static Subject subject(
      @Nullable Object inEvent, @Nullable Object subId, String transmitter) throws AuthException {
    Object id = inEvent != null ? inEvent : subId;
    if (!(id instanceof Map<?, ?> map)) {
      throw EventTokens.fail("the event names no subject");
    }
    Object format = map.get("format");
    if (format == null || "complex".equals(format)) {
      Object user = map.get("user");
      Object session = map.get("session");
      if (user == null && session == null) {
        throw EventTokens.fail("subject format not supported");
      }
      Subject person = user == null ? null : simple(user, transmitter);
      String sid = session == null ? null : sessionId(session);
      String issuer = person != null ? person.issuer() : transmitter;
      return new Subject(
          issuer,
          person == null ? null : person.sub(),
          person == null ? null : person.email(),
          sid);
    }
    return simple(map, transmitter);
  }

  private static Subject simple(Object id, String transmitter) throws AuthException {
    if (!(id instanceof Map<?, ?> map) || !(map.get("format") instanceof String format)) {
      throw EventTokens.fail("a subject identifier needs a format");
    }
    return switch (format) {
      case "iss_sub" -> new Subject(text(map, "iss"), text(map, "sub"), null, null);
      case "email" -> new Subject(transmitter, null, text(map, "email"), null);
      case "opaque" -> new Subject(transmitter, text(map, "id"), null, null);
      default -> throw EventTokens.fail("subject format not supported");
    };
  }

  private static String sessionId(Object session) throws AuthException {
    if (session instanceof Map<?, ?> map && "opaque".equals(map.get("format"))) {
      return text(map, "id");
    }
    throw EventTokens.fail("a session must be an opaque identifier");
  }

  private static String text(Map<?, ?> map, String member) throws AuthException {
    if (map.get(member) instanceof String s && !s.isEmpty()) {
      return s;
    }
    throw EventTokens.fail("subject member " + member + " is missing");
  }

  /** An event type for the log: printable ASCII, at most 200 characters. */
  private static String printable(String type) {
    StringBuilder out = new StringBuilder(Math.min(type.length(), 200));
    for (int i = 0; i < type.length() && out.length() < 200; i++) {
      char c = type.charAt(i);
      out.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return out.toString();
  }

  private static ErrorBody error(String err, String description) {
    return JsonBodies.setError(err, description);
  }

  private static Rejection refuse(int status, String err, String description) {
    return EventTokens.answer(status, error(err, description));
  }

  /** Builds a {@link SecurityEventReceiver}. Not thread-safe. */
  public static final class Builder {
    private final TokenVerifier verifier;
    private final Set<String> audiences = new LinkedHashSet<>();
    private final Set<String> transmitters = new LinkedHashSet<>();
    private Duration maxAge = DEFAULT_MAX_AGE;
    private int maxBodyBytes = BackChannelLogout.DEFAULT_MAX_BODY_BYTES;

    private Builder(TokenVerifier verifier) {
      this.verifier = Objects.requireNonNull(verifier, "verifier");
    }

    /** What a SET's {@code aud} must name one of (this receiver's identifiers); required. */
    public Builder audiences(String... audiences) {
      return audiences(Arrays.asList(audiences));
    }

    /** What a SET's {@code aud} must name one of; required. */
    public Builder audiences(Collection<String> audiences) {
      EventTokens.addAudiences(audiences, this.audiences, "a SET audience must be an identifier");
      return this;
    }

    /** The issuers (trusted by the verifier) whose SETs are accepted; required. */
    public Builder transmitters(String... issuers) {
      return transmitters(Arrays.asList(issuers));
    }

    /** The issuers (trusted by the verifier) whose SETs are accepted; required. */
    public Builder transmitters(Collection<String> issuers) {
      Set<String> trusted = new LinkedHashSet<>();
      verifier.issuers().forEach(p -> trusted.add(p.issuer()));
      for (String issuer : issuers) {
        Objects.requireNonNull(issuer, "transmitter");
        if (!trusted.contains(issuer)) {
          throw new IllegalArgumentException(
              "a transmitter must be a configured issuer, whose keys verify its SETs: " + issuer);
        }
        transmitters.add(issuer);
      }
      return this;
    }

    /** How old a SET's {@code iat} may be, leeway aside; default 10 minutes, at most 24 h. */
    public Builder maxAge(Duration maxAge) {
      this.maxAge = EventTokens.maxAge(maxAge, Duration.ofHours(24), "SET");
      return this;
    }

    /** The largest request body read; default 16 KiB. */
    public Builder maxBodyBytes(int maxBodyBytes) {
      this.maxBodyBytes = EventTokens.bodyLimit(maxBodyBytes, "SET");
      return this;
    }

    /**
     * The receiver.
     *
     * @throws IllegalStateException without an audience or a transmitter
     */
    public SecurityEventReceiver build() {
      if (audiences.isEmpty() || transmitters.isEmpty()) {
        throw new IllegalStateException(
            "a security event receiver needs its audiences and its transmitters");
      }
      return new SecurityEventReceiver(this);
    }
  }
}
