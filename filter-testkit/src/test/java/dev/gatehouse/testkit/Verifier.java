package dev.gatehouse.testkit;

import java.time.Instant;
import java.util.List;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.jose4j.lang.JoseException;

/** Verifies tokens the way a relying party would: against the JWKS fetched over HTTP. */
final class Verifier {

  private final MockIssuer issuer;
  private final Http http = new Http();

  Verifier(MockIssuer issuer) {
    this.issuer = issuer;
  }

  JwtClaims verify(String token) throws InvalidJwtException {
    return verify(token, issuer.clock().instant());
  }

  JwtClaims verify(String token, Instant at) throws InvalidJwtException {
    return new JwtConsumerBuilder()
        .setExpectedIssuer(issuer.issuer())
        .setExpectedAudience("api")
        .setRequireExpirationTime()
        .setEvaluationTime(NumericDate.fromSeconds(at.getEpochSecond()))
        .setVerificationKeyResolver(new JwksVerificationKeyResolver(servedKeys()))
        .build()
        .processToClaims(token);
  }

  List<JsonWebKey> servedKeys() {
    String body = http.get(issuer.jwksUri()).body();
    try {
      return new JsonWebKeySet(body).getJsonWebKeys();
    } catch (JoseException e) {
      throw new IllegalStateException("JWKS does not parse: " + body, e);
    }
  }

  /** Returns the token's header and payload without checking anything. */
  static JsonWebStructure parse(String token) {
    try {
      JsonWebStructure jws = JsonWebStructure.fromCompactSerialization(token);
      jws.setAlgorithmConstraints(AlgorithmConstraints.NO_CONSTRAINTS);
      return jws;
    } catch (JoseException e) {
      throw new IllegalArgumentException("not a compact JWS", e);
    }
  }

  static JwtClaims claims(String token) {
    try {
      return JwtClaims.parse(((JsonWebSignature) parse(token)).getUnverifiedPayload());
    } catch (Exception e) {
      throw new IllegalArgumentException("payload is not a claims set", e);
    }
  }
}
