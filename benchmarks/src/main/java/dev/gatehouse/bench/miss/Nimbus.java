package dev.gatehouse.bench.miss;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.gatehouse.bench.Fixture;
import java.text.ParseException;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * Nimbus's {@code DefaultJWTProcessor} with a {@code JWKSource} of the issuer's JWKS (the same
 * key), the algorithm, issuer, audience, exp and sub required.
 *
 * <p>EdDSA differs: the processor's key selector and verifier factory take only RSA and EC keys, so
 * an OKP key from a {@code JWKSource} never matches ("no matching key(s) found"). Nimbus's own way
 * for Ed25519 is used instead: {@code SignedJWT.parse}, an {@code Ed25519Verifier} (Tink) of the
 * same key, built once, then the same {@code DefaultJWTClaimsVerifier}.
 */
public class Nimbus extends MissBenchmark {
  @Param({"ES256", "RS256", "PS256", "EdDSA"})
  public String alg = "ES256";

  private DefaultJWTProcessor<SecurityContext> processor;
  private DefaultJWTClaimsVerifier<SecurityContext> claims;
  private @Nullable JWSVerifier ed25519;

  @Setup
  public void setUp() throws ParseException, BadJOSEException, JOSEException {
    fixture = Fixture.start(alg);
    JWKSet keys = JWKSet.parse(fixture.issuer.jwksJson());
    claims =
        new DefaultJWTClaimsVerifier<>(
            Fixture.AUDIENCE,
            new JWTClaimsSet.Builder().issuer(fixture.issuer.issuer()).build(),
            Set.of("sub", "exp"));
    processor = new DefaultJWTProcessor<>();
    processor.setJWSKeySelector(
        new JWSVerificationKeySelector<>(JWSAlgorithm.parse(alg), new ImmutableJWKSet<>(keys)));
    processor.setJWTClaimsSetVerifier(claims);
    ed25519 =
        alg.equals("EdDSA") ? new Ed25519Verifier(keys.getKeys().get(0).toOctetKeyPair()) : null;
    verify();
  }

  @Benchmark
  public JWTClaimsSet verify() throws ParseException, BadJOSEException, JOSEException {
    if (ed25519 == null) {
      return processor.process(fixture.token, null);
    }
    SignedJWT jwt = SignedJWT.parse(fixture.token);
    if (!JWSAlgorithm.EdDSA.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(ed25519)) {
      throw new BadJOSEException("signature does not verify");
    }
    JWTClaimsSet set = jwt.getJWTClaimsSet();
    claims.verify(set, null);
    return set;
  }
}
