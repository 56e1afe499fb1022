package dev.gatehouse;

import dev.gatehouse.bench.Fixture;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
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
 * Where a cache miss's time goes, part by part (ns/op): the whole {@code TokenVerifier.verify}, the
 * signature check alone as the verifier makes it, the JDK's own {@code Signature} fresh and reused,
 * and the parts before the signature: parsing (base64url and JSON), the JSON of the header and of
 * the claims alone, and the claim rules; RS256. In core's package, because the parts are
 * package-private; the module's jar is only ever on the class path.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class Breakdown {
  /** RS256: where the overhead over the JDK is largest in share, a fast signature. */
  private static final String ALG = "RS256";

  private Fixture fixture;
  private TokenVerifier verifier;
  private VerificationKey key;
  private SignedToken parsed;
  private IssuerPolicy policy;
  private byte[] header;
  private byte[] claims;
  private @Nullable Signature reused;

  @Setup
  public void setUp() throws AuthException {
    fixture = Fixture.start(ALG);
    verifier = fixture.uncachedVerifier("jdk");
    key = VerificationKey.of(fixture.publicKey);
    parsed = SignedToken.parse(fixture.token);
    policy = fixture.policy();
    byte[] ascii = fixture.token.getBytes(StandardCharsets.US_ASCII);
    int first = fixture.token.indexOf('.');
    int second = fixture.token.indexOf('.', first + 1);
    header = Base64Url.decodeCanonical(ascii, 0, first);
    claims = Base64Url.decodeCanonical(ascii, first + 1, second);
  }

  @TearDown
  public void tearDown() {
    fixture.close();
  }

  /** The whole cache miss, as {@code miss.Gatehouse} measures it. */
  @Benchmark
  public Auth verify() throws AuthException {
    return verifier.verify(fixture.token);
  }

  /** The signature check as the verifier makes it: one {@code Signature} per thread, reused. */
  @Benchmark
  public boolean signature() {
    return Signatures.verify(
        ALG, key, fixture.signingInput, fixture.signature, SignatureProvider.JDK_DEFAULT);
  }

  /** The floor of {@code miss.RawJdk}: a fresh {@code Signature} every call. */
  @Benchmark
  public boolean jdkFresh() throws GeneralSecurityException {
    Signature signature = Signature.getInstance("SHA256withRSA");
    signature.initVerify(fixture.publicKey);
    signature.update(fixture.signingInput);
    return signature.verify(fixture.signature);
  }

  /** The same {@code Signature} reused: what the floor would be without its look-up. */
  @Benchmark
  public boolean jdkReused() throws GeneralSecurityException {
    Signature signature = reused;
    if (signature == null) {
      signature = Signature.getInstance("SHA256withRSA");
      reused = signature;
    }
    signature.initVerify(fixture.publicKey);
    signature.update(fixture.signingInput);
    return signature.verify(fixture.signature);
  }

  /** Structure, base64url and the JSON of header and claims. */
  @Benchmark
  public SignedToken parse() throws AuthException {
    return SignedToken.parse(fixture.token);
  }

  @Benchmark
  public Object headerJson() {
    return StrictJson.object(header);
  }

  @Benchmark
  public Object claimsJson() {
    return StrictJson.object(claims);
  }

  /** The header and claim rules, and the {@code Auth} they make. */
  @Benchmark
  public Auth claimRules() throws AuthException {
    ClaimRules.checkHeader(parsed, policy);
    return ClaimRules.check(parsed, policy, null, Instant.now());
  }
}
