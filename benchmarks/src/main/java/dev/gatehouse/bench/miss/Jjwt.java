package dev.gatehouse.bench.miss;

import dev.gatehouse.bench.Fixture;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * jjwt's {@code JwtParser} with the public key, issuer and audience required (it always checks
 * exp).
 */
public class Jjwt extends MissBenchmark {
  @Param({"ES256", "RS256", "PS256", "EdDSA"})
  public String alg = "ES256";

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

  @Benchmark
  public Jws<Claims> verify() {
    return parser.parseSignedClaims(fixture.token);
  }
}
