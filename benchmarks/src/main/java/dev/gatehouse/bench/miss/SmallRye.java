package dev.gatehouse.bench.miss;

import dev.gatehouse.bench.Fixture;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * SmallRye JWT's {@code DefaultJWTParser} (what Quarkus and other MicroProfile JWT servers verify
 * with) over the same public key: the algorithm, issuer and audience required, {@code exp} checked.
 */
public class SmallRye extends MissBenchmark {
  @Param({"ES256", "RS256", "PS256", "EdDSA"})
  public String alg = "ES256";

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

  @Benchmark
  public JsonWebToken verify() throws ParseException {
    return parser.parse(fixture.token);
  }
}
