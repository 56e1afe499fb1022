package dev.gatehouse.bench.miss;

import dev.gatehouse.bench.Fixture;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * jose4j's {@code JwtConsumer} with the verification key, the algorithm, issuer, audience, exp and
 * sub required.
 */
public class Jose4j extends MissBenchmark {
  @Param({"ES256", "RS256", "PS256", "EdDSA"})
  public String alg = "ES256";

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

  @Benchmark
  public JwtClaims verify() throws InvalidJwtException {
    return consumer.processToClaims(fixture.token);
  }
}
