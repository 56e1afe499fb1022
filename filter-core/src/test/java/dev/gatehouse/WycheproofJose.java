package dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gatehouse.jwks.JwksSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.jose4j.json.JsonUtil;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.provider.Arguments;

/**
 * One Wycheproof JOSE file ({@code json_web_signature}, {@code json_web_key}, {@code
 * json_web_crypto}) run through the verifier core with claim checks off: the JWS structure and
 * header policy of {@link SignedToken}, the algorithm allow-list and {@code typ} rule of {@link
 * ClaimRules#checkHeader}, the key policy of the JWKS layer (each group's keys are served as a JWKS
 * from 127.0.0.1 and fetched through {@link KeySource}, so {@code use}, {@code key_ops}, {@code
 * alg}, curve and RSA size rules apply exactly as in production), and {@link Signatures}. This is
 * {@code TokenVerifier}'s own order less the {@code iss} lookup and the claims, whose payloads here
 * are not JWT claims.
 */
final class WycheproofJose implements AutoCloseable {
  /** Every supported algorithm, as by default; HMAC can never be configured. */
  private static final IssuerPolicy POLICY =
      IssuerPolicy.builder("https://vectors.invalid").anyAudience().build();

  /**
   * Where our outcome deliberately differs from the label, and why.
   *
   * @param accepted our outcome
   * @param failure the verifier's failure message for it
   * @param reason why it differs
   */
  record Documented(boolean accepted, String failure, String reason) {}

  /** A valid HMAC token: HS256/384/512 can never be configured (RFC 8725 §3.1, §3.2). */
  static final Documented HMAC_BY_POLICY =
      new Documented(
          false,
          "algorithm not allowed",
          "valid HMAC, rejected by policy: only asymmetric algorithms are ever allowed");

  /** A valid JWE: a bearer verifier accepts compact JWS only. */
  static final Documented JWE_BY_POLICY =
      new Documented(
          false,
          "encrypted tokens (JWE) are not accepted",
          "valid JWE, rejected by policy: only compact JWS access tokens are accepted");

  /** The documented table: every tcId of {@code ids} with {@code outcome}. */
  static Map<Integer, Documented> all(Documented outcome, int... ids) {
    Map<Integer, Documented> out = new java.util.HashMap<>();
    for (int id : ids) {
      out.put(id, outcome);
    }
    return out;
  }

  /** One case under one provider. */
  record Case(
      String provider,
      int tcId,
      String comment,
      List<String> flags,
      String result,
      String group,
      String token,
      URI jwks) {
    @Override
    public String toString() {
      return "["
          + provider
          + "] tcId "
          + tcId
          + " "
          + comment
          + " "
          + flags
          + " (group "
          + group
          + ") -> "
          + result;
    }
  }

  private final String file;
  private final Map<Integer, Documented> documented;
  private final HttpServer server;
  private final Map<String, byte[]> documents = new ConcurrentHashMap<>();
  private final Map<String, int[]> tally = new TreeMap<>();
  private final List<String> notes = new ArrayList<>();

  WycheproofJose(String file, Map<Integer, Documented> documented) {
    this.file = file;
    this.documented = Map.copyOf(documented);
    try {
      server =
          HttpServer.create(
              new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::serve);
    server.start();
  }

  Stream<Arguments> cases() {
    if (!VectorFiles.present()) {
      return Stream.empty();
    }
    Map<String, Object> json = VectorFiles.json("wycheproof/" + file);
    List<Arguments> out = new ArrayList<>();
    List<Map<String, Object>> groups = VectorFiles.groups(json);
    for (String provider : VectorFiles.providers()) {
      for (int g = 0; g < groups.size(); g++) {
        Map<String, Object> group = groups.get(g);
        String path = "/" + file.replace(".json", "") + "/group-" + g;
        documents.put(path, jwks(group).getBytes(StandardCharsets.UTF_8));
        URI jwks = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
        for (Map<String, Object> test : VectorFiles.objects(group.get("tests"))) {
          out.add(
              Arguments.of(
                  new Case(
                      provider,
                      ((Number) test.get("tcId")).intValue(),
                      (String) test.get("comment"),
                      strings(test.get("flags")),
                      (String) test.get("result"),
                      String.valueOf(group.get("comment")),
                      token(test),
                      jwks)));
        }
      }
    }
    return out.stream();
  }

  void check(Case c) {
    Outcome outcome = verify(c);
    int[] counts = tally.computeIfAbsent(c.provider, p -> new int[3]);
    counts[0]++;
    Documented exception = documented.get(c.tcId);
    if (exception != null) {
      counts[2]++;
      notes.add(
          c.provider
              + " tcId "
              + c.tcId
              + " "
              + c.comment
              + " ("
              + c.result
              + ") "
              + outcome
              + ": "
              + exception.reason);
      assertThat(outcome)
          .as("%s: documented: %s", c, exception.reason)
          .isEqualTo(new Outcome(exception.accepted, exception.failure));
      return;
    }
    assertThat(c.result).as("%s", c).isIn("valid", "invalid");
    assertThat(outcome.accepted).as("%s; got %s", c, outcome).isEqualTo(c.result.equals("valid"));
    counts[1]++;
  }

  void printSummary() {
    tally.forEach(
        (provider, n) ->
            System.out.printf(
                "VECTORS wycheproof/%s [%s]: %d run, %d passed as labelled, %d documented exceptions%n",
                file, provider, n[0], n[1], n[2]));
    notes.forEach(note -> System.out.printf("VECTORS wycheproof/%s documented: %s%n", file, note));
  }

  @Override
  public void close() {
    server.stop(0);
  }

  /** Accepted, or why not: the failure message the verifier would send. */
  record Outcome(boolean accepted, String why) {
    @Override
    public String toString() {
      return accepted ? "accepted" : "rejected (" + why + ")";
    }
  }

  private static Outcome verify(Case c) {
    SignatureProvider provider = SignatureProvider.select(c.provider);
    try {
      SignedToken token = SignedToken.parseJws(c.token);
      ClaimRules.checkHeader(token, POLICY);
      List<VerificationKey> keys =
          KeySource.shared(c.jwks, JwksSettings.DEFAULTS, Clock.systemUTC())
              .keys(token.kid, token.alg);
      if (keys.isEmpty()) {
        return new Outcome(false, "no signing key matches the token");
      }
      for (VerificationKey key : keys) {
        if (token.verifiesWith(key, provider)) {
          return new Outcome(true, "");
        }
      }
      return new Outcome(false, "signature does not verify");
    } catch (AuthException e) {
      return new Outcome(false, e.failure().message());
    } catch (RuntimeException e) {
      // TokenVerifier turns these into "token could not be parsed"; a vector that gets here is
      // worth a look.
      return new Outcome(false, "token could not be parsed: " + e);
    }
  }

  /**
   * The group's verification keys as a JWKS: {@code public}, else {@code private} (HMAC groups).
   */
  private static String jwks(Map<String, Object> group) {
    Object keys = group.get("public") != null ? group.get("public") : group.get("private");
    if (keys == null) {
      return "{\"keys\":[]}";
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> map = (Map<String, Object>) keys;
    return map.containsKey("keys")
        ? JsonUtil.toJson(map)
        : JsonUtil.toJson(Map.of("keys", List.of(map)));
  }

  /**
   * The compact JWS or JWE; a JSON serialisation as its JSON text; no token as the empty string.
   */
  private static String token(Map<String, Object> test) {
    Object token = test.containsKey("jws") ? test.get("jws") : test.get("jwe");
    if (token == null) {
      return "";
    }
    return token instanceof String s ? s : JsonUtil.toJson(asMap(token));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, ?> asMap(Object value) {
    return (Map<String, ?>) value;
  }

  @SuppressWarnings("unchecked")
  private static List<String> strings(@Nullable Object value) {
    return value == null ? List.of() : List.copyOf((List<String>) value);
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = documents.get(exchange.getRequestURI().getPath());
      if (body == null) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }
}
