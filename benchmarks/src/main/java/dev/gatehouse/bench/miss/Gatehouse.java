package dev.gatehouse.bench.miss;

import dev.gatehouse.Auth;
import dev.gatehouse.AuthException;
import dev.gatehouse.TokenVerifier;
import dev.gatehouse.bench.Fixture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code TokenVerifier.verify} without a token cache, signatures checked by {@code provider}: the
 * JDK's own, BouncyCastle's lightweight API (ECDSA, EdDSA; RSA on the JDK) or Conscrypt (EdDSA on
 * the JDK). Every call parses the token, checks header and claims, looks the key up and verifies
 * the signature. {@code Report} shows each provider as its own column.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class Gatehouse {
  @Param({"ES256", "RS256", "PS256", "EdDSA"})
  public String alg = "ES256";

  @Param({"jdk", "BouncyCastle", "Conscrypt"})
  public String provider = "jdk";

  private Fixture fixture;
  private TokenVerifier verifier;

  @Setup
  public void setUp() {
    fixture = Fixture.start(alg);
    verifier = fixture.uncachedVerifier(provider);
  }

  @TearDown
  public void tearDown() {
    fixture.close();
  }

  @Benchmark
  public Auth verify() throws AuthException {
    return verifier.verify(fixture.token);
  }
}
