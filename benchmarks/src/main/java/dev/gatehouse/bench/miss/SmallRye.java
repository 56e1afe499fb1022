package dev.gatehouse.bench.miss;

import dev.gatehouse.bench.Fixture;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.jwt.JsonWebToken;
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
 * SmallRye JWT's {@code DefaultJWTParser} (what Quarkus and other MicroProfile JWT servers verify
 * with) over the same public key: the algorithm, issuer and audience required, {@code exp} checked.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SmallRye {
  @Param({"ES256", "RS256", "PS256", "EdDSA"})
  public String alg = "ES256";

  private Fixture fixture;
  private DefaultJWTParser parser;

  @Setup
  public void setUp() throws ParseException {
    fixture = Fixture.start(alg);
    JWTAuthContextInfo context = new JWTAuthContextInfo(fixture.publicKey, fixture.issuer.issuer());
    context.setExpectedAudience(Set.of(Fixture.AUDIENCE));
    context.setSignatureAlgorithm(Set.of(SignatureAlgorithm.fromAlgorithm(alg)));
    parser = new DefaultJWTParser(context);
    verify();
  }

  @TearDown
  public void tearDown() {
    fixture.close();
  }

  @Benchmark
  public JsonWebToken verify() throws ParseException {
    return parser.parse(fixture.token);
  }
}
