package dev.gatehouse.bench.miss;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.SecurityContext;
import dev.gatehouse.bench.Fixture;
import java.text.ParseException;
import java.util.List;
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
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Spring Security's {@code NimbusJwtDecoder}, as a Spring Boot resource server builds it: a {@code
 * JWKSource} of the issuer's JWKS (the same key), the algorithm, and the default validators for the
 * issuer ({@code JwtValidators.createDefaultWithIssuer}: timestamps, issuer) plus the audience.
 * Spring's {@code SignatureAlgorithm} has no EdDSA, so that row is n/a.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SpringSecurity {
  @Param({"ES256", "RS256", "PS256"})
  public String alg = "ES256";

  private Fixture fixture;
  private NimbusJwtDecoder decoder;

  @Setup
  public void setUp() throws ParseException {
    fixture = Fixture.start(alg);
    JWKSet keys = JWKSet.parse(fixture.issuer.jwksJson());
    decoder =
        NimbusJwtDecoder.withJwkSource(new ImmutableJWKSet<SecurityContext>(keys))
            .jwsAlgorithm(SignatureAlgorithm.from(alg))
            .build();
    decoder.setJwtValidator(
        new DelegatingOAuth2TokenValidator<>(
            JwtValidators.createDefaultWithIssuer(fixture.issuer.issuer()),
            new JwtClaimValidator<List<String>>(
                "aud", aud -> aud != null && aud.contains(Fixture.AUDIENCE))));
    verify();
  }

  @TearDown
  public void tearDown() {
    fixture.close();
  }

  @Benchmark
  public Jwt verify() {
    return decoder.decode(fixture.token);
  }
}
