package dev.gatehouse.bench.miss;

import dev.gatehouse.bench.Fixture;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
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
 * jjwt's {@code JwtParser} with the public key, issuer and audience required (it always checks
 * exp).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class Jjwt {
  @Param({"ES256", "RS256", "PS256", "EdDSA"})
  public String alg = "ES256";

  private Fixture fixture;
  private JwtParser parser;

  @Setup
  public void setUp() {
    fixture = Fixture.start(alg);
    parser =
        Jwts.parser()
            .verifyWith(fixture.publicKey)
            .requireIssuer(fixture.issuer.issuer())
            .requireAudience(Fixture.AUDIENCE)
            .build();
    parser.parseSignedClaims(fixture.token);
  }

  @TearDown
  public void tearDown() {
    fixture.close();
  }

  @Benchmark
  public Jws<Claims> verify() {
    return parser.parseSignedClaims(fixture.token);
  }
}
