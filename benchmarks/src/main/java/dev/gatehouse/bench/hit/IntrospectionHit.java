package dev.gatehouse.bench.hit;

import dev.gatehouse.Auth;
import dev.gatehouse.AuthException;
import dev.gatehouse.IssuerPolicy;
import dev.gatehouse.TokenVerifier;
import dev.gatehouse.testkit.MockIssuer;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
 * An opaque token whose introspection answer is cached ({@link #hit}: hash the token, one cache
 * lookup, the checks), and one that is introspected every time against the mock issuer's endpoint
 * on loopback ({@link #miss}: a fresh token per call, so nothing is cached).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class IntrospectionHit {
  private MockIssuer issuer;
  private TokenVerifier verifier;
  private List<String> headers;

  @Setup
  public void setUp() throws AuthException {
    issuer = MockIssuer.start();
    verifier =
        TokenVerifier.builder()
            .issuer(
                IssuerPolicy.builder(issuer.issuer())
                    .audiences("api")
                    .jwksUri(issuer.jwksUri())
                    .introspectionUri(issuer.introspectionUri())
                    .introspectionClient(
                        MockIssuer.INTROSPECTION_CLIENT_ID, MockIssuer.INTROSPECTION_CLIENT_SECRET)
                    .build())
            .build();
    headers = List.of("Bearer " + issuer.opaqueToken("alice", "books.read"));
    verifier.authenticate(headers);
  }

  @TearDown
  public void tearDown() {
    verifier.close();
    issuer.close();
  }

  @Benchmark
  public Auth hit() throws AuthException {
    return verifier.authenticate(headers);
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public Auth miss() throws AuthException {
    return verifier.authenticate(List.of("Bearer " + issuer.opaqueToken("bob")));
  }
}
