package dev.gatehouse;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Revocations that take effect before a token's {@code exp}: a token ({@code jti}), a session
 * ({@code sid}), every token of a subject issued before an instant (a ban, "revoke all sessions", a
 * password change), and every token of a client ({@code client_id}, else {@code azp}) issued before
 * an instant. Each is scoped to an issuer. The verifier checks them after every verification and on
 * every verified-token cache hit; a revoked token gets {@code 401 invalid_token} "token revoked".
 *
 * <pre>{@code
 * TokenVerifier verifier = TokenVerifier.builder().issuer(policy).build();
 * // An identity provider's webhook, or an admin action:
 * verifier.revocations().revokeSession("https://idp.example.com", "session-42");
 * verifier.revocations().revokeSubject("https://idp.example.com", "mallory", Instant.now());
 * }</pre>
 *
 * <p>Bounded: an entry lives only as long as a token it could match, the issuer's {@code
 * max-token-lifetime-seconds} when set, else the longest {@code exp - iat} the verifier has seen
 * from that issuer, at most {@link #MAX_ENTRY_LIFETIME}; then it expires. A token without {@code
 * iat} is refused while a subject or client entry for it exists (fail closed).
 *
 * <p>Thread-safe; one per verifier, or one shared by several through {@code
 * TokenVerifier.Builder.revocations}.
 */
public final class Revocations {
  /** The longest any entry lives. */
  public static final Duration MAX_ENTRY_LIFETIME = Duration.ofHours(24);

  /** What an entry revokes. */
  public enum Kind {
    /** One token, by {@code jti}. */
    TOKEN,
    /** Every token of a session, by {@code sid}. */
    SESSION,
    /** Every token of a subject ({@code sub}) issued before an instant. */
    SUBJECT,
    /** Every token of a client ({@code client_id} or {@code azp}) issued before an instant. */
    CLIENT,
    /**
     * Every token whose {@code email} claim is this address, issued before an instant (a Shared
     * Signals event about an email subject).
     */
    EMAIL
  }

  /**
   * One entry, for health and listing.
   *
   * @param kind what it revokes
   * @param issuer the issuer it is scoped to
   * @param value the {@code jti}, {@code sid}, subject or client id
   * @param notBefore for subjects and clients, tokens issued before this are revoked; for tokens
   *     and sessions, when the entry was recorded
   * @param expiresAt when the entry lapses, no token it could match being valid by then
   */
  public record Entry(
      Kind kind, String issuer, String value, Instant notBefore, Instant expiresAt) {}

  private record Key(Kind kind, String issuer, String value) {
    // Written out: on JDK 17 the equals and hashCode a record gets by default are bootstrapped
    // through a JDK-wide method handle whose cache keeps the last record class it served, and so
    // an undeployed web application's class loader.
    @Override
    public boolean equals(@Nullable Object o) {
      return o instanceof Key k
          && kind == k.kind
          && issuer.equals(k.issuer)
          && value.equals(k.value);
    }

    // The ordinal, unlike the enum's identity hash, gives the same hash in every run.
    @Override
    @SuppressWarnings("EnumOrdinal")
    public int hashCode() {
      return (kind.ordinal() * 31 + issuer.hashCode()) * 31 + value.hashCode();
    }
  }

  private final Clock clock;
  private final Map<Key, Entry> entries = new ConcurrentHashMap<>();
  private final Map<String, Duration> lifetimes = new ConcurrentHashMap<>();
  private final Map<String, Duration> configuredLifetimes = new ConcurrentHashMap<>();
  private final AtomicInteger writes = new AtomicInteger();
  private final List<Consumer<Entry>> listeners = new CopyOnWriteArrayList<>();

  /**
   * Non-zero once anything was ever recorded or a staleness bound is set: the empty list costs one
   * volatile read.
   */
  private volatile int size;

  private volatile @Nullable Duration maxStaleness;
  private volatile @Nullable Instant syncedAt;

  private Revocations(Clock clock) {
    this.clock = clock;
  }

  /** An empty list on the system clock. */
  public static Revocations create() {
    return new Revocations(Clock.systemUTC());
  }

  /** An empty list on {@code clock}. */
  public static Revocations create(Clock clock) {
    return new Revocations(Objects.requireNonNull(clock, "clock"));
  }

  /** Revokes the token {@code jti} of {@code issuer}. */
  public void revokeToken(String issuer, String jti) {
    record(Kind.TOKEN, issuer, jti, clock.instant());
  }

  /** Revokes every token of the session {@code sid} of {@code issuer}. */
  public void revokeSession(String issuer, String sid) {
    record(Kind.SESSION, issuer, sid, clock.instant());
  }

  /** Revokes every token of {@code subject} at {@code issuer} issued before {@code notBefore}. */
  public void revokeSubject(String issuer, String subject, Instant notBefore) {
    record(Kind.SUBJECT, issuer, subject, Objects.requireNonNull(notBefore, "notBefore"));
  }

  /**
   * Revokes every token of client {@code clientId} at {@code issuer} issued before {@code
   * notBefore}.
   */
  public void revokeClient(String issuer, String clientId, Instant notBefore) {
    record(Kind.CLIENT, issuer, clientId, Objects.requireNonNull(notBefore, "notBefore"));
  }

  /**
   * Records an entry another node recorded (through a replica such as {@code filter-redis}),
   * without telling the listeners; an entry already lapsed is ignored, and one that claims to live
   * longer than an entry can is cut short.
   */
  public void apply(Entry entry) {
    Objects.requireNonNull(entry, "entry");
    Instant now = clock.instant();
    if (!now.isBefore(entry.expiresAt()) || entry.value().isEmpty()) {
      return;
    }
    Instant latest = now.plus(MAX_ENTRY_LIFETIME).plus(MAX_ENTRY_LIFETIME);
    Entry bounded =
        entry.expiresAt().isAfter(latest)
            ? new Entry(entry.kind(), entry.issuer(), entry.value(), entry.notBefore(), latest)
            : entry;
    merge(bounded, now);
  }

  /**
   * Calls {@code listener} with every entry recorded on this node (not those {@link #apply
   * applied}), on the recording thread: a replica publishes them. It must not block.
   */
  public void addListener(Consumer<Entry> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** Stops calling {@code listener}. */
  public void removeListener(Consumer<Entry> listener) {
    listeners.remove(listener);
  }

  /**
   * Refuses every token with {@code 503} ({@link FailureReason#REVOCATIONS_STALE}) while the
   * replica has not been {@link #markSynced in step} for longer than {@code maxStaleness}: where a
   * revocation must never be missed, better no answer than a wrong one. Off by default.
   */
  public void maxStaleness(Duration maxStaleness) {
    Objects.requireNonNull(maxStaleness, "maxStaleness");
    if (maxStaleness.isNegative() || maxStaleness.isZero()) {
      throw new IllegalArgumentException("max staleness must be positive: " + maxStaleness);
    }
    this.maxStaleness = maxStaleness;
    size = Math.max(size, 1);
  }

  /** Notes that the replica is in step with the shared store now, on this list's clock. */
  public void markSynced() {
    this.syncedAt = clock.instant();
  }

  /** When the replica was last in step with the shared store; null if there is none yet. */
  public @Nullable Instant syncedAt() {
    return syncedAt;
  }

  /**
   * Revokes every token of {@code issuer} whose {@code email} claim is {@code email}, issued before
   * {@code notBefore}.
   */
  public void revokeEmail(String issuer, String email, Instant notBefore) {
    record(Kind.EMAIL, issuer, email, Objects.requireNonNull(notBefore, "notBefore"));
  }

  /** The entries in force, oldest first. */
  public List<Entry> entries() {
    Instant now = clock.instant();
    List<Entry> out = new ArrayList<>();
    for (Entry e : entries.values()) {
      if (now.isBefore(e.expiresAt())) {
        out.add(e);
      }
    }
    out.sort(Comparator.comparing(Entry::notBefore));
    return out;
  }

  /** How many entries are in force. */
  public int count() {
    return entries().size();
  }

  private void record(Kind kind, String issuer, String value, Instant notBefore) {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(value, "value");
    if (value.isEmpty()) {
      throw new IllegalArgumentException(
          kind.name().toLowerCase(java.util.Locale.ROOT) + " must not be empty");
    }
    // Millisecond precision, as every replica stores them: each node holds the same entry.
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    notBefore = notBefore.truncatedTo(ChronoUnit.MILLIS);
    if (notBefore.isAfter(now.plus(MAX_ENTRY_LIFETIME))) {
      throw new IllegalArgumentException(
          "notBefore lies more than " + MAX_ENTRY_LIFETIME.toHours() + " h in the future");
    }
    // A subject or client entry must outlast every token issued before its instant.
    Instant from = notBefore.isAfter(now) ? notBefore : now;
    Entry entry = new Entry(kind, issuer, value, notBefore, from.plus(lifetime(issuer)));
    merge(entry, now);
    for (Consumer<Entry> listener : listeners) {
      listener.accept(entry);
    }
  }

  private void merge(Entry entry, Instant now) {
    entries.merge(
        new Key(entry.kind(), entry.issuer(), entry.value()),
        entry,
        (old, next) ->
            next.notBefore().isAfter(old.notBefore())
                    || (next.notBefore().equals(old.notBefore())
                        && next.expiresAt().isAfter(old.expiresAt()))
                ? next
                : old);
    if (writes.incrementAndGet() % 1024 == 0) {
      purge(now);
    }
    size = Math.max(entries.size(), maxStaleness == null ? 0 : 1);
  }

  private void purge(Instant now) {
    entries.values().removeIf(e -> !now.isBefore(e.expiresAt()));
  }

  private Duration lifetime(String issuer) {
    Duration configured = configuredLifetimes.get(issuer);
    if (configured != null) {
      return configured;
    }
    Duration seen = lifetimes.get(issuer);
    return seen == null ? MAX_ENTRY_LIFETIME : seen;
  }

  /** The issuer's longest accepted token lifetime, when its policy sets one. */
  void configure(String issuer, @Nullable Duration maxTokenLifetime) {
    if (maxTokenLifetime != null) {
      configuredLifetimes.put(
          issuer,
          maxTokenLifetime.compareTo(MAX_ENTRY_LIFETIME) > 0
              ? MAX_ENTRY_LIFETIME
              : maxTokenLifetime);
    }
  }

  /** Notes a verified token's {@code exp - iat}, the longest of which bounds the entries. */
  void observe(Auth auth) {
    Instant iat = auth.issuedAt();
    if (iat == null) {
      return;
    }
    Duration lifetime = Duration.between(iat, auth.expiresAt());
    if (lifetime.compareTo(MAX_ENTRY_LIFETIME) > 0) {
      lifetime = MAX_ENTRY_LIFETIME;
    }
    Duration current = lifetimes.get(auth.issuer());
    if (current == null || lifetime.compareTo(current) > 0) {
      lifetimes.merge(auth.issuer(), lifetime, (a, b) -> a.compareTo(b) >= 0 ? a : b);
    }
  }

  /**
   * Refuses {@code auth} if an entry in force revokes it.
   *
   * @throws AuthException {@link FailureReason#REVOKED}
   */
  void check(Auth auth) throws AuthException {
    if (size == 0) {
      return;
    }
    Instant now = clock.instant();
    Duration stale = maxStaleness;
    if (stale != null) {
      Instant synced = syncedAt;
      if (synced == null || synced.plus(stale).isBefore(now)) {
        throw new AuthFailure(
                FailureReason.REVOCATIONS_STALE,
                "revocation list is not up to date",
                Duration.ofSeconds(5))
            .exception();
      }
    }
    String issuer = auth.issuer();
    if (inForce(Kind.TOKEN, issuer, auth.tokenId(), now) != null
        || inForce(Kind.SESSION, issuer, string(auth, "sid"), now) != null
        || issuedBefore(inForce(Kind.SUBJECT, issuer, auth.subject(), now), auth)
        || issuedBefore(inForce(Kind.CLIENT, issuer, client(auth), now), auth)
        || issuedBefore(inForce(Kind.EMAIL, issuer, string(auth, "email"), now), auth)) {
      throw AuthFailure.of(FailureReason.REVOKED, "token revoked").exception();
    }
  }

  private @Nullable Entry inForce(Kind kind, String issuer, @Nullable String value, Instant now) {
    if (value == null) {
      return null;
    }
    Entry e = entries.get(new Key(kind, issuer, value));
    return e != null && now.isBefore(e.expiresAt()) ? e : null;
  }

  /** A token without {@code iat} cannot show it was issued later: refused (fail closed). */
  private static boolean issuedBefore(@Nullable Entry entry, Auth auth) {
    if (entry == null) {
      return false;
    }
    Instant iat = auth.issuedAt();
    return iat == null || iat.isBefore(entry.notBefore());
  }

  private static @Nullable String client(Auth auth) {
    String clientId = string(auth, "client_id");
    return clientId != null ? clientId : string(auth, "azp");
  }

  private static @Nullable String string(Auth auth, String claim) {
    return auth.claims().get(claim) instanceof String s ? s : null;
  }
}
