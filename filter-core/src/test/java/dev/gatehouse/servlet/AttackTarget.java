package dev.gatehouse.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.gatehouse.IssuerPolicy;
import dev.gatehouse.TokenVerifier;
import dev.gatehouse.VectorFiles;
import dev.gatehouse.testkit.MockIssuer;
import dev.gatehouse.testkit.TestClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The target of the attack suites (issue 7): a {@link MockIssuer} with one key per algorithm
 * family, a {@link RequireAuthFilter} on a real Jetty per signature provider (issue 8), all on one
 * fixed clock, and a listening loopback "attacker" server that counts every request it receives.
 *
 * <p>Every refusal is checked the same way: 401 {@code invalid_token} or 400 {@code
 * invalid_request}, never a 5xx; the JSON body and the challenge carry one fixed message and
 * nothing from the token (no claim, signature, key or stack trace); the answer comes within {@link
 * #MAX_ANSWER}; the attacker server has seen no request and the issuer's JWKS no new one.
 */
final class AttackTarget implements AutoCloseable {
  /** The bound on one answer. */
  static final Duration MAX_ANSWER = Duration.ofSeconds(5);

  /** The issuer's leeway for exp, nbf and iat. */
  static final Duration LEEWAY = IssuerPolicy.DEFAULT_LEEWAY;

  private static final Pattern BODY =
      Pattern.compile(
          "\\{\"error\":\\{\"code\":\"(invalid_token|invalid_request)\",\"message\":\"([a-zA-Z0-9 ()'-]+)\"}}");

  final TestClock clock = TestClock.at(Instant.parse("2026-11-22T12:00:00Z"));
  final MockIssuer issuer;
  final String es256Kid;
  final String es256OtherKid;
  final String es384Kid;
  final String es512Kid;
  final String rs256Kid;
  final String ps256Kid;
  final String edKid;
  private final Map<String, TestServer> servers = new LinkedHashMap<>();
  private final HttpServer attacker;
  private final AtomicInteger attackerHits = new AtomicInteger();
  private final int jwksBaseline;

  AttackTarget() {
    issuer = MockIssuer.builder().clock(clock).start();
    es256Kid = issuer.signingKid();
    es384Kid = issuer.addKey("ES384");
    es512Kid = issuer.addKey("ES512");
    rs256Kid = issuer.addKey("RS256");
    ps256Kid = issuer.addKey("PS256");
    edKid = issuer.addKey("EdDSA");
    es256OtherKid = issuer.addKey("ES256");
    IssuerPolicy policy = policy().build();
    for (String provider : VectorFiles.providers()) {
      TokenVerifier verifier =
          TokenVerifier.builder().issuer(policy).clock(clock).signatureProvider(provider).build();
      assertThat(verifier.signatureProvider()).isEqualToIgnoringCase(provider);
      servers.put(provider, TestServer.start(new RequireAuthFilter(verifier)));
    }
    attacker = listen();
    // Warm-up: the first fetch, then the one refresh an unknown kid may cause; within the
    // cooldown no later token can make the verifier call out again.
    for (TestServer server : servers.values()) {
      assertThat(server.bearer("/x", issuer.token("warm-up")).statusCode()).isEqualTo(200);
      assertThat(
              server.bearer("/x", issuer.token().headerKid("warm-up-unknown").sign()).statusCode())
          .isEqualTo(401);
    }
    jwksBaseline = issuer.jwks().hits();
  }

  /**
   * The issuer's policy: audience {@code api}, every algorithm, and key settings under which no
   * token can cause a fetch after the warm-up. Verifiers with these settings share one key source.
   */
  IssuerPolicy.Builder policy() {
    return IssuerPolicy.builder(issuer.issuer())
        .audiences("api")
        .jwksUri(issuer.jwksUri())
        .jwksTtl(Duration.ofHours(1))
        .jwksRefreshCooldown(Duration.ofHours(1));
  }

  /** The Jetty whose verifier uses {@code provider}. */
  TestServer server(String provider) {
    return servers.get(provider);
  }

  /** The provider tests use where no signature is checked. */
  String anyProvider() {
    return servers.keySet().iterator().next();
  }

  /** A URL on the listening attacker server. */
  URI attackerUri(String path) {
    return URI.create("http://127.0.0.1:" + attacker.getAddress().getPort() + path);
  }

  /** Sends {@code token} as a bearer credential and checks the refusal; returns the message. */
  String refused(String provider, String token) {
    return refused(provider, "Bearer " + token, token);
  }

  /** Sends an {@code Authorization} value and checks the refusal; {@code secret} must not leak. */
  String refused(String provider, String authorization, String secret) {
    long start = System.nanoTime();
    HttpResponse<String> response = server(provider).get("/x", "Authorization", authorization);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    String body = response.body();
    assertThat(took).as("answer time").isLessThan(MAX_ANSWER);
    assertThat(response.statusCode()).as(body).isIn(400, 401);
    Matcher m = BODY.matcher(body);
    assertThat(m.matches()).as("body has the fixed error shape: %s", body).isTrue();
    String code = m.group(1);
    String message = m.group(2);
    assertThat(code).isEqualTo(response.statusCode() == 400 ? "invalid_request" : "invalid_token");
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .hasValue("Bearer error=\"" + code + "\", error_description=\"" + message + "\"");
    assertNoLeak(response, secret);
    return message;
  }

  /** Sends {@code token} and expects the application to be reached. */
  void accepted(String provider, String token) {
    HttpResponse<String> response = server(provider).bearer("/x", token);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }

  /** Nothing of the token, no exception text, no stack trace in the answer. */
  static void assertNoLeak(HttpResponse<String> response, String token) {
    String everything = response.headers().map() + "\n" + response.body();
    assertThat(everything)
        .doesNotContainIgnoringCase("exception")
        .doesNotContain("\tat ")
        .doesNotContain("jose4j");
    if (token.length() >= 8) {
      assertThat(everything).doesNotContain(token);
    }
    for (String part : token.split("[.\\s]")) {
      if (part.length() >= 8) {
        assertThat(everything).as("token segment echoed").doesNotContain(part);
      }
    }
  }

  /** No request reached the attacker, and the issuer's JWKS was not fetched again. */
  void assertNoOutboundRequest() {
    assertThat(attackerHits.get()).as("requests to the attacker's server").isZero();
    assertThat(issuer.jwks().hits()).as("JWKS fetches after warm-up").isEqualTo(jwksBaseline);
  }

  /** Default claims: trusted issuer, audience api, issued now, expires in five minutes. */
  String claims() {
    return claims("");
  }

  /** Default claims plus {@code extra} members (JSON text starting with a comma, or empty). */
  String claims(String extra) {
    long now = clock.instant().getEpochSecond();
    return "{\"iss\":\""
        + issuer.issuer()
        + "\",\"sub\":\"victim\",\"aud\":\"api\",\"iat\":"
        + now
        + ",\"exp\":"
        + (now + 300)
        + extra
        + "}";
  }

  @Override
  public void close() {
    for (TestServer server : servers.values()) {
      try {
        server.close();
      } catch (Exception e) {
        throw new IllegalStateException("Jetty did not stop", e);
      }
    }
    attacker.stop(0);
    issuer.close();
  }

  // --- forging -------------------------------------------------------------------------------

  static String b64(String text) {
    return b64(text.getBytes(StandardCharsets.UTF_8));
  }

  static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static byte[] unb64(String segment) {
    return Base64.getUrlDecoder().decode(segment);
  }

  /** header.claims.signature, signed with {@code jca} (see {@link #rawSign}). */
  static String sign(String header, String claims, String jca, PrivateKey key) {
    String input = b64(header) + "." + b64(claims);
    return input + "." + b64(rawSign(jca, key, input.getBytes(StandardCharsets.US_ASCII)));
  }

  /** header.claims.MAC with an HMAC key of the given bytes. */
  static String hmac(String header, String claims, String macAlg, byte[] secret) {
    String input = b64(header) + "." + b64(claims);
    try {
      Mac mac = Mac.getInstance(macAlg);
      mac.init(new SecretKeySpec(secret, macAlg));
      return input + "." + b64(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A raw signature by JWS algorithm name (ES* in P1363 form) or by JCA name ({@code
   * SHA256withECDSA} gives DER).
   */
  static byte[] rawSign(String alg, PrivateKey key, byte[] input) {
    try {
      Signature signature =
          switch (alg) {
            case "ES256" -> Signature.getInstance("SHA256withECDSAinP1363Format");
            case "ES384" -> Signature.getInstance("SHA384withECDSAinP1363Format");
            case "ES512" -> Signature.getInstance("SHA512withECDSAinP1363Format");
            case "RS256" -> Signature.getInstance("SHA256withRSA");
            case "PS256" -> pss();
            case "EdDSA" -> Signature.getInstance("Ed25519");
            default -> Signature.getInstance(alg);
          };
      signature.initSign(key);
      signature.update(input);
      return signature.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Signature pss() throws GeneralSecurityException {
    Signature pss = Signature.getInstance("RSASSA-PSS");
    pss.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
    return pss;
  }

  /** {@code token} with its signature replaced by {@code signature}. */
  static String withSignature(String token, byte[] signature) {
    return token.substring(0, token.lastIndexOf('.') + 1) + b64(signature);
  }

  /** The signature bytes of {@code token}. */
  static byte[] signatureOf(String token) {
    return unb64(token.substring(token.lastIndexOf('.') + 1));
  }

  static List<String> parts(String token) {
    return List.of(token.split("\\.", -1));
  }

  private HttpServer listen() {
    try {
      HttpServer server =
          HttpServer.create(
              new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0), 0);
      server.createContext(
          "/",
          exchange -> {
            attackerHits.incrementAndGet();
            try (exchange) {
              byte[] body = issuer.jwksJson().getBytes(StandardCharsets.UTF_8);
              exchange.sendResponseHeaders(200, body.length);
              exchange.getResponseBody().write(body);
            }
          });
      server.start();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
