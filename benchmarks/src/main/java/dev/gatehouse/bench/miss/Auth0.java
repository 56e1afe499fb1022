package dev.gatehouse.bench.miss;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.auth0.jwt.interfaces.JWTVerifier;
import dev.gatehouse.bench.Fixture;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
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
 * Auth0 java-jwt's {@code JWTVerifier} with the public key, issuer and audience required (it always
 * checks exp). It has neither PS256 nor EdDSA.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class Auth0 {
  @Param({"ES256", "RS256"})
  public String alg = "ES256";

  private Fixture fixture;
  private JWTVerifier verifier;

  @Setup
  public void setUp() {
    fixture = Fixture.start(alg);
    Algorithm algorithm =
        switch (alg) {
          case "ES256" -> Algorithm.ECDSA256((ECPublicKey) fixture.publicKey, null);
          case "RS256" -> Algorithm.RSA256((RSAPublicKey) fixture.publicKey, null);
          default -> throw new IllegalArgumentException("java-jwt does not support " + alg);
        };
    verifier =
        JWT.require(algorithm)
            .withIssuer(fixture.issuer.issuer())
            .withAudience(Fixture.AUDIENCE)
            .build();
    verifier.verify(fixture.token);
  }

  @TearDown
  public void tearDown() {
    fixture.close();
  }

  @Benchmark
  public DecodedJWT verify() {
    return verifier.verify(fixture.token);
  }
}
