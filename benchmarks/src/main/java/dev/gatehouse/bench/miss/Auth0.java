package dev.gatehouse.bench.miss;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.auth0.jwt.interfaces.JWTVerifier;
import dev.gatehouse.bench.Fixture;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * Auth0 java-jwt's {@code JWTVerifier} with the public key, issuer and audience required (it always
 * checks exp). It has neither PS256 nor EdDSA.
 */
public class Auth0 extends MissBenchmark {
  @Param({"ES256", "RS256"})
  public String alg = "ES256";

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

  @Benchmark
  public DecodedJWT verify() {
    return verifier.verify(fixture.token);
  }
}
