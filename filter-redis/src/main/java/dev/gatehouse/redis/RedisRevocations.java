package dev.gatehouse.redis;

import dev.gatehouse.RevocationReplica;
import dev.gatehouse.Revocations;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.params.XReadParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * A {@link Revocations} list shared by every node of a cluster through one Redis stream: what a
 * node records (a back-channel logout, an admin action) is appended to the stream, and every node
 * applies what the stream holds to its own list, which the request path reads without ever calling
 * Redis.
 *
 * <pre>{@code
 * TokenVerifier verifier = TokenVerifier.builder().issuer(policy).build();
 * try (RedisRevocations replica =
 *     RedisRevocations.start(URI.create("redis://redis.internal:6379"), verifier.revocations())) {
 *   // serve requests; replica.status() for health
 * }
 * }</pre>
 *
 * <p>Nothing is lost: a node that starts, or reconnects after an outage, reads the stream from
 * where it stopped ({@code XREAD} with its last id, not pub/sub, which drops what is sent while a
 * subscriber is away); a revocation recorded while Redis is unreachable waits in an outbox and is
 * appended when Redis is back; when Redis comes back empty (a new {@code run_id}), every node reads
 * the stream anew and appends every entry it holds. The stream is trimmed on every append to the
 * entries that can still be in force ({@code MINID}, twice {@link Revocations#MAX_ENTRY_LIFETIME}),
 * so Redis memory stays bounded.
 *
 * <p>Two threads of its own, {@code gatehouse-redis-reader} and {@code gatehouse-redis-writer}
 * (daemons, no context class loader), each with one connection; {@link #close()} stops both. The
 * password comes from the URI ({@code redis://user:password@host}) or, when the URI has none, from
 * the environment variable {@value #PASSWORD_VARIABLE}; it is never logged, and {@link #toString()}
 * and {@link Status#location()} leave it out.
 *
 * <p>Thread-safe.
 */
public final class RedisRevocations implements RevocationReplica {
  /** The stream that holds the revocations. */
  public static final String STREAM = "gatehouse:revocations";

  /** The environment variable read for the password when the URI carries none. */
  public static final String PASSWORD_VARIABLE = "GATEHOUSE_REDIS_PASSWORD";

  private static final Logger LOG = LoggerFactory.getLogger(RedisRevocations.class);
  private static final int BLOCK_MILLIS = 500;
  private static final int PAGE = 1000;
  private static final int MAX_OUTBOX = 100_000;
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

  /** How long {@link #start} waits for the first read of the stream. */
  static final Duration START_WAIT = Duration.ofSeconds(2);

  private static final Duration RETAINED = Revocations.MAX_ENTRY_LIFETIME.multipliedBy(2);

  /**
   * The replica's state, for health checks.
   *
   * @param location the Redis URI without user information
   * @param connected whether the reader is connected now
   * @param syncedAt when the reader was last in step with the stream; null if never
   * @param pending revocations recorded here and not yet appended to the stream
   * @param applied entries read from the stream since start
   */
  public record Status(
      String location, boolean connected, @Nullable Instant syncedAt, int pending, long applied) {}

  private final Revocations revocations;
  private final HostAndPort address;
  private final JedisClientConfig config;
  private final String location;
  private final String stream;
  private final LinkedBlockingDeque<Revocations.Entry> outbox = new LinkedBlockingDeque<>();
  private final Consumer<Revocations.Entry> listener = this::enqueue;
  private final AtomicBoolean republish = new AtomicBoolean();
  private final AtomicBoolean outageLogged = new AtomicBoolean();
  private final AtomicLong applied = new AtomicLong();
  private final Object wake = new Object();
  private final CountDownLatch firstSync = new CountDownLatch(1);
  private final Thread reader;
  private final Thread writer;

  private volatile boolean running = true;
  private volatile boolean connected;
  private volatile @Nullable Jedis readerConnection;
  private volatile @Nullable Jedis writerConnection;

  /** The last stream id applied, and the Redis run it came from; reader thread only. */
  private String lastId = "0-0";

  private @Nullable String runId;

  private RedisRevocations(URI uri, Revocations revocations, String stream) {
    this.revocations = Objects.requireNonNull(revocations, "revocations");
    this.stream = stream;
    RedisTarget target = RedisTarget.parse(uri, 2000, BLOCK_MILLIS + 2000);
    this.address = target.address;
    this.location = target.location;
    this.config = target.config;
    this.reader = thread(this::read, "gatehouse-redis-reader");
    this.writer = thread(this::write, "gatehouse-redis-writer");
  }

  /**
   * Starts replicating {@code revocations} through the Redis at {@code uri} ({@code redis://} or
   * {@code rediss://}, optional user, password and database number as the path), in the background.
   * It returns once the stream was read (so that a starting node does not serve tokens the cluster
   * revoked), or after 2 s if Redis is unreachable, logging that at WARN.
   *
   * @throws IllegalArgumentException for a URI it cannot use; the message never repeats the URI
   */
  public static RedisRevocations start(URI uri, Revocations revocations) {
    return start(uri, revocations, STREAM);
  }

  /** The same, on the stream {@code stream} instead of {@value #STREAM}. */
  public static RedisRevocations start(URI uri, Revocations revocations, String stream) {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(stream, "stream");
    if (stream.isEmpty()) {
      throw new IllegalArgumentException("the stream name must not be empty");
    }
    RedisRevocations replica = new RedisRevocations(uri, revocations, stream);
    revocations.addListener(replica.listener);
    replica.reader.start();
    replica.writer.start();
    replica.awaitFirstSync();
    return replica;
  }

  /**
   * Gives the reader up to {@link #START_WAIT} to read the stream once, so that a node that starts
   * does not serve tokens the cluster revoked; past that it goes on, and says so.
   */
  private void awaitFirstSync() {
    try {
      if (!firstSync.await(START_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn(
            "revocation replica at {} not reachable at start; serving with the local list only"
                + " until it is (see revocation-max-staleness-seconds)",
            location);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The state of the replica. */
  public Status status() {
    return new Status(location, connected, revocations.syncedAt(), outbox.size(), applied.get());
  }

  /** Stops both threads and closes both connections; the list keeps what it holds. */
  @Override
  public void close() {
    if (!running) {
      return;
    }
    running = false;
    revocations.removeListener(listener);
    synchronized (wake) {
      wake.notifyAll();
    }
    closeQuietly(readerConnection);
    closeQuietly(writerConnection);
    writer.interrupt();
    join(reader);
    join(writer);
  }

  @Override
  public String toString() {
    return "RedisRevocations[" + location + " " + stream + "]";
  }

  // The reader: catch up from the last id, then block on XREAD for what comes next.

  private void read() {
    long failures = 0;
    while (running) {
      try (Jedis jedis = new Jedis(address, config)) {
        readerConnection = jedis;
        if (!running) {
          return;
        }
        String run = runId(jedis);
        if (runId != null && !runId.equals(run)) {
          // Redis restarted, perhaps empty: read everything anew and append what we hold.
          lastId = "0-0";
          republish.set(true);
          synchronized (wake) {
            wake.notifyAll();
          }
        }
        runId = run;
        catchUp(jedis);
        connected = true;
        failures = 0;
        revocations.markSynced();
        firstSync.countDown();
        if (outageLogged.compareAndSet(true, false)) {
          LOG.info("revocation replica at {} is connected again", location);
        }
        while (running) {
          List<Map.Entry<String, List<StreamEntry>>> batch =
              jedis.xread(
                  XReadParams.xReadParams().block(BLOCK_MILLIS).count(PAGE),
                  Map.of(stream, new StreamEntryID(lastId)));
          if (batch != null) {
            for (Map.Entry<String, List<StreamEntry>> part : batch) {
              applyAll(part.getValue());
            }
          }
          revocations.markSynced();
        }
      } catch (RuntimeException e) {
        connected = false;
        if (!running) {
          return;
        }
        if (outageLogged.compareAndSet(false, true)) {
          LOG.warn(
              "revocation replica at {} is unreachable ({}); enforcing what is known, retrying",
              location,
              e.getClass().getSimpleName());
        }
        pause(++failures);
      } finally {
        readerConnection = null;
      }
    }
  }

  private void catchUp(Jedis jedis) {
    while (running) {
      List<StreamEntry> page = jedis.xrange(stream, "(" + lastId, "+", PAGE);
      applyAll(page);
      if (page.size() < PAGE) {
        return;
      }
    }
  }

  private void applyAll(@Nullable List<StreamEntry> entries) {
    if (entries == null) {
      return;
    }
    for (StreamEntry entry : entries) {
      Revocations.Entry parsed = Fields.parse(entry.getFields());
      if (parsed != null) {
        revocations.apply(parsed);
        applied.incrementAndGet();
      }
      lastId = entry.getID().toString();
    }
  }

  private static String runId(Jedis jedis) {
    for (String line : jedis.info("server").split("\r?\n", -1)) {
      if (line.startsWith("run_id:")) {
        return line.substring("run_id:".length()).strip();
      }
    }
    return "";
  }

  // The writer: append what this node records, in order, keeping it until Redis takes it.

  private void enqueue(Revocations.Entry entry) {
    if (outbox.size() >= MAX_OUTBOX) {
      // The list itself holds every entry: append them all once Redis is back.
      outbox.clear();
      republish.set(true);
    }
    outbox.offer(entry);
  }

  private void write() {
    long failures = 0;
    Jedis jedis = null;
    while (running) {
      try {
        if (republish.compareAndSet(true, false)) {
          List<Revocations.Entry> all = revocations.entries();
          for (int i = all.size() - 1; i >= 0; i--) {
            outbox.offerFirst(all.get(i));
          }
        }
        Revocations.Entry entry = outbox.poll(BLOCK_MILLIS, TimeUnit.MILLISECONDS);
        if (entry == null) {
          continue;
        }
        try {
          if (jedis == null) {
            jedis = new Jedis(address, config);
            writerConnection = jedis;
          }
          String minId = Instant.now().minus(RETAINED).toEpochMilli() + "-0";
          jedis.xadd(
              stream, XAddParams.xAddParams().minId(minId).exactTrimming(), Fields.of(entry));
          failures = 0;
        } catch (RuntimeException e) {
          outbox.offerFirst(entry);
          closeQuietly(jedis);
          jedis = null;
          writerConnection = null;
          if (running) {
            pause(++failures);
          }
        }
      } catch (InterruptedException e) {
        if (!running) {
          break;
        }
      }
    }
    closeQuietly(jedis);
  }

  // Helpers.

  /** Waits before the next attempt: 50 ms, doubling to 2 s; close() cuts it short. */
  // A backoff, not a condition: a spurious wake-up only makes one pause shorter.
  @SuppressWarnings("WaitNotInLoop")
  private void pause(long failures) {
    long millis = Math.min(MAX_BACKOFF.toMillis(), 50L << Math.min(failures, 10));
    synchronized (wake) {
      if (running) {
        try {
          wake.wait(millis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
    Thread.interrupted();
  }

  private static Thread thread(Runnable body, String name) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    // A container's webapp class loader must not stay reachable from this thread.
    thread.setContextClassLoader(null);
    return thread;
  }

  private static void join(Thread thread) {
    try {
      thread.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(@Nullable Jedis jedis) {
    if (jedis != null) {
      try {
        jedis.close();
      } catch (RuntimeException ignored) {
        // already broken
      }
    }
  }

  /** An entry as stream fields, and back. */
  static final class Fields {
    private Fields() {}

    static Map<String, String> of(Revocations.Entry entry) {
      Map<String, String> out = new LinkedHashMap<>();
      out.put("k", entry.kind().name());
      out.put("i", entry.issuer());
      out.put("v", entry.value());
      out.put("n", Long.toString(entry.notBefore().toEpochMilli()));
      out.put("e", Long.toString(entry.expiresAt().toEpochMilli()));
      return out;
    }

    /** The entry, or null for fields that are not one (written by something else). */
    static Revocations.@Nullable Entry parse(@Nullable Map<String, String> fields) {
      if (fields == null) {
        return null;
      }
      try {
        return new Revocations.Entry(
            Revocations.Kind.valueOf(Objects.requireNonNull(fields.get("k"))),
            Objects.requireNonNull(fields.get("i")),
            Objects.requireNonNull(fields.get("v")),
            Instant.ofEpochMilli(Long.parseLong(fields.get("n"))),
            Instant.ofEpochMilli(Long.parseLong(fields.get("e"))));
      } catch (RuntimeException e) {
        LOG.debug("stream entry ignored: not a revocation");
        return null;
      }
    }
  }
}
