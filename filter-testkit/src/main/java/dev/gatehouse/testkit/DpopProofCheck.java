package dev.gatehouse.testkit;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwa.AlgorithmConstraints.ConstraintType;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.lang.HashUtil;
import org.jose4j.lang.JoseException;

/**
 * Checks the DPoP proofs a {@link MockIssuer}'s token endpoint receives, as RFC 9449 section 4.3
 * lists: one {@code DPoP} header holding a JWS with {@code typ} "dpop+jwt", an asymmetric {@code
 * alg}, a public {@code jwk} whose key verifies the signature, a {@code jti}, the request's {@code
 * htm} and {@code htu}, and an {@code iat} within {@link #IAT_WINDOW} of the issuer's clock.
 * Stateless: it does not track {@code jti} values or nonces.
 */
final class DpopProofCheck {

  /** How far {@code iat} may be from the issuer's clock, either way. */
  static final Duration IAT_WINDOW = Duration.ofSeconds(60);

  private static final AlgorithmConstraints ASYMMETRIC =
      new AlgorithmConstraints(ConstraintType.PERMIT, KeyRing.ALGORITHMS.toArray(String[]::new));

  private DpopProofCheck() {}

  /**
   * Returns the JWK SHA-256 thumbprint of the proof's key if {@code proofs}, the values of the
   * request's {@code DPoP} headers, are one valid proof for {@code method} on {@code target} at
   * {@code now}; else empty.
   */
  static Optional<String> thumbprint(List<String> proofs, String method, URI target, Instant now) {
    // Check 1: more than one DPoP header is an invalid request, whatever they hold.
    if (proofs.size() != 1) {
      return Optional.empty();
    }
    try {
      JsonWebSignature jws = new JsonWebSignature();
      jws.setCompactSerialization(proofs.get(0));
      // Check 4: "none" and MAC algorithms are refused before any key is looked at.
      jws.setAlgorithmConstraints(ASYMMETRIC);
      if (!DpopProver.TYPE.equals(jws.getHeader("typ"))) {
        return Optional.empty();
      }
      // Check 7: jose4j's getJwkHeader() throws for a jwk with private members.
      PublicJsonWebKey jwk = jws.getJwkHeader();
      if (jwk == null) {
        return Optional.empty();
      }
      jws.setKey(jwk.getPublicKey());
      if (!jws.verifySignature()) {
        return Optional.empty();
      }
      JwtClaims claims = JwtClaims.parse(jws.getUnverifiedPayload());
      boolean valid =
          claims.getClaimValue("jti") instanceof String jti
              && !jti.isEmpty()
              && method.equals(claims.getClaimValue("htm"))
              && target.toString().equals(claims.getClaimValue("htu"))
              && claims.getClaimValue("iat") instanceof Number iat
              && Math.abs(iat.longValue() - now.getEpochSecond()) <= IAT_WINDOW.toSeconds();
      return valid
          ? Optional.of(jwk.calculateBase64urlEncodedThumbprint(HashUtil.SHA_256))
          : Optional.empty();
    } catch (JoseException | InvalidJwtException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
