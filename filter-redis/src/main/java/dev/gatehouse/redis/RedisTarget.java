package dev.gatehouse.redis;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;

/** Where to connect, parsed once from the URI; never holds the URI itself. */
final class RedisTarget {
  final HostAndPort address;
  final JedisClientConfig config;
  final String location;

  private RedisTarget(HostAndPort address, JedisClientConfig config, String location) {
    this.address = address;
    this.config = config;
    this.location = location;
  }

  /** Whether {@code uri} names a Redis server: {@code redis://} or {@code rediss://}. */
  static boolean isRedis(URI uri) {
    String scheme =
        uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
    return scheme.equals("redis") || scheme.equals("rediss");
  }

  /**
   * Parses {@code uri}, with {@code timeoutMillis} to connect and read and {@code blockingMillis}
   * for blocking reads.
   */
  // ssl(boolean), deprecated in Jedis 8, still takes the JDK's default TLS set-up, which the
  // rediss:// tests run against; its replacement (SslOptions) is a change of its own.
  @SuppressWarnings("deprecation")
  static RedisTarget parse(URI uri, int timeoutMillis, int blockingMillis) {
    String scheme =
        uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
    if (!scheme.equals("redis") && !scheme.equals("rediss")) {
      throw new IllegalArgumentException("a Redis URI must be redis:// or rediss://");
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      throw new IllegalArgumentException("a Redis URI must name a host");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException("a Redis URI takes no query or fragment");
    }
    int port = uri.getPort() < 0 ? 6379 : uri.getPort();
    int database = database(uri.getPath());
    DefaultJedisClientConfig.Builder config =
        DefaultJedisClientConfig.builder()
            .ssl(scheme.equals("rediss"))
            .database(database)
            .resp2()
            .clientName("gatehouse")
            .clientSetInfoConfig(ClientSetInfoConfig.DISABLED)
            .connectionTimeoutMillis(timeoutMillis)
            .socketTimeoutMillis(timeoutMillis)
            .blockingSocketTimeoutMillis(blockingMillis);
    String user = null;
    String password = null;
    String info = uri.getRawUserInfo();
    if (info != null) {
      int colon = info.indexOf(':');
      user = decode(colon < 0 ? info : info.substring(0, colon));
      password = colon < 0 ? null : decode(info.substring(colon + 1));
      if (colon < 0) {
        // redis://secret@host: a lone value is the password, as redis-cli reads it.
        password = user;
        user = null;
      }
    }
    if (password == null || password.isEmpty()) {
      password = System.getenv(RedisRevocations.PASSWORD_VARIABLE);
    }
    if (user != null && !user.isEmpty()) {
      config.user(user);
    }
    if (password != null && !password.isEmpty()) {
      config.password(password);
    }
    String location = scheme + "://" + host + ":" + port + "/" + database;
    String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    return new RedisTarget(new HostAndPort(bare, port), config.build(), location);
  }

  private static int database(@Nullable String path) {
    if (path == null || path.isEmpty() || path.equals("/")) {
      return 0;
    }
    try {
      int database = Integer.parseInt(path.substring(1));
      if (database < 0) {
        throw new NumberFormatException();
      }
      return database;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "a Redis URI's path must be a database number, such as /0");
    }
  }

  private static String decode(String raw) {
    return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
