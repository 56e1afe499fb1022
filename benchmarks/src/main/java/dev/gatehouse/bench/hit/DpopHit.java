package dev.gatehouse.bench.hit;

import dev.gatehouse.Auth;
import dev.gatehouse.DpopPolicy;
import dev.gatehouse.Guard;
import dev.gatehouse.IssuerPolicy;
import dev.gatehouse.ReplayStore;
import dev.gatehouse.RequestView;
import dev.gatehouse.TokenVerifier;
import dev.gatehouse.bench.Fixture;
import dev.gatehouse.testkit.DpopProver;
import java.net.URI;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a DPoP proof adds to a request whose token is cached: the guard's decision with an ES256 or
 * RS256 proof ({@link #guardWithProof}), against the one signature verification the proof needs
 * ({@link #rawProofSignature}, the JDK's {@code Signature} on the same bytes), and the in-process
 * replay store's cost per proof ({@link #replayStore}). The measured proof is always the same one,
 * so the decision runs against a store that takes every proof as new; the replay store is measured
 * alone, with a new key each call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class DpopHit {
  @org.openjdk.jmh.annotations.Param({"ES256", "RS256"})
  public String alg = "ES256";

  private Fixture fixture;
  private TokenVerifier verifier;
  private Guard guard;
  private RequestView view;
  private Signature signature;
  private java.security.PublicKey proofKey;
  private byte[] signingInput;
  private byte[] derSignature;
  private ReplayStore memory;
  private final AtomicLong keys = new AtomicLong();
  private final Instant until = Instant.now().plus(Duration.ofDays(1));

  @Setup
  public void setUp() throws Exception {
    fixture = Fixture.start("ES256");
    DpopProver client = DpopProver.generate(alg);
    String token =
        fixture
            .issuer
            .token()
            .subject("bench-user")
            .audience(Fixture.AUDIENCE)
            .expiresIn(Duration.ofDays(365))
            .dpopBound(client.thumbprint())
            .sign();
    ReplayStore everyProofNew =
        new ReplayStore() {
          @Override
          public boolean firstUse(String key, Instant until) {
            return key != null;
          }

          @Override
          public void close() {}
        };
    verifier =
        TokenVerifier.builder()
            .issuer(
                IssuerPolicy.builder(fixture.issuer.issuer())
                    .audiences(Fixture.AUDIENCE)
                    .jwksUri(fixture.issuer.jwksUri())
                    .dpop(IssuerPolicy.Dpop.REQUIRE)
                    // A proof minted once must stay valid for the whole run.
                    .leeway(Duration.ofMinutes(10))
                    .build())
            .dpop(
                DpopPolicy.builder()
                    .replayStore(everyProofNew)
                    .proofMaxAge(Duration.ofHours(1))
                    .build())
            .signatureProvider("jdk")
            .build();
    guard = Guard.builder(verifier).build();
    URI uri = URI.create("https://api.example.com/orders/1");
    String proof = client.proof("GET", uri, token);
    List<String> authorization = List.of("DPoP " + token);
    List<String> dpop = List.of(proof);
    view =
        RequestView.builder("GET", "/orders/1")
            .headers(
                name ->
                    name.equalsIgnoreCase("Authorization")
                        ? authorization
                        : name.equalsIgnoreCase("DPoP") ? dpop : List.of())
            .requestUri(() -> "https://api.example.com/orders/1")
            .build();
    if (guard.decide(view).auth() == null) {
      throw new IllegalStateException("the guard refuses the DPoP request");
    }
    // The raw floor: one ES256 verification of the proof, as the JDK does it.
    org.jose4j.jws.JsonWebSignature jws = new org.jose4j.jws.JsonWebSignature();
    jws.setCompactSerialization(proof);
    proofKey = jws.getJwkHeader().getPublicKey();
    int last = proof.lastIndexOf('.');
    signingInput = proof.substring(0, last).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] raw = Base64.getUrlDecoder().decode(proof.substring(last + 1));
    derSignature = alg.equals("ES256") ? toDer(raw) : raw;
    signature = Signature.getInstance(alg.equals("ES256") ? "SHA256withECDSA" : "SHA256withRSA");
    memory = ReplayStore.inMemory(10_000_000, Clock.systemUTC());
  }

  @TearDown
  public void tearDown() {
    verifier.close();
    fixture.close();
  }

  @Benchmark
  public @Nullable Auth guardWithProof() {
    return guard.decide(view).auth();
  }

  @Benchmark
  public boolean rawProofSignature() throws Exception {
    signature.initVerify(proofKey);
    signature.update(signingInput);
    return signature.verify(derSignature);
  }

  @Benchmark
  public boolean replayStore() {
    return memory.firstUse("dpop:bench:" + keys.incrementAndGet(), until);
  }

  /** R || S to the DER the JDK's {@code SHA256withECDSA} takes (R and S under 128 bytes). */
  private static byte[] toDer(byte[] raw) {
    byte[] r = integer(java.util.Arrays.copyOfRange(raw, 0, 32));
    byte[] s = integer(java.util.Arrays.copyOfRange(raw, 32, 64));
    byte[] out = new byte[6 + r.length + s.length];
    out[0] = 0x30;
    out[1] = (byte) (4 + r.length + s.length);
    out[2] = 0x02;
    out[3] = (byte) r.length;
    System.arraycopy(r, 0, out, 4, r.length);
    out[4 + r.length] = 0x02;
    out[5 + r.length] = (byte) s.length;
    System.arraycopy(s, 0, out, 6 + r.length, s.length);
    return out;
  }

  private static byte[] integer(byte[] value) {
    return new java.math.BigInteger(1, value).toByteArray();
  }
}
