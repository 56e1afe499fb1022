package dev.gatehouse.bench.miss;

import dev.gatehouse.bench.Fixture;
import java.util.concurrent.TimeUnit;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
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
 * jose4j's {@code JwtConsumer} with the verification key, the algorithm, issuer, audience, exp and
 * sub required.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class Jose4j {
  @Param({"ES256", "RS256", "PS256", "EdDSA"})
  public String alg = "ES256";

  private Fixture fixture;
  private JwtConsumer consumer;

  @Setup
  public void setUp() throws InvalidJwtException {
    fixture = Fixture.start(alg);
    consumer =
        new JwtConsumerBuilder()
            .setVerificationKey(fixture.publicKey)
            .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, alg)
            .setExpectedIssuer(fixture.issuer.issuer())
            .setExpectedAudience(Fixture.AUDIENCE)
            .setRequireExpirationTime()
            .setRequireSubject()
            .build();
    consumer.processToClaims(fixture.token);
  }

  @TearDown
  public void tearDown() {
    fixture.close();
  }

  @Benchmark
  public JwtClaims verify() throws InvalidJwtException {
    return consumer.processToClaims(fixture.token);
  }
}
