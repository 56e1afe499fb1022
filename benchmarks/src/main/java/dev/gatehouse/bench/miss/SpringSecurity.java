package dev.gatehouse.bench.miss;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.SecurityContext;
import dev.gatehouse.bench.Fixture;
import java.text.ParseException;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
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
public class SpringSecurity extends MissBenchmark {
  @Param({"ES256", "RS256", "PS256"})
  public String alg = "ES256";

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

  @Benchmark
  public Jwt verify() {
    return decoder.decode(fixture.token);
  }
}
