package dev.gatehouse;

/**
 * What a {@link TokenVerifier} reports as it checks one token, for {@code explain} (see {@link
 * ExplainCommand}): each check as it starts, so the check that was running when the verifier
 * refused the token is the one that failed. Requests run with {@link #NONE}.
 */
interface Trace {
  /** Reports nothing. */
  Trace NONE = new Trace() {};

  /** The verifier's checks, in the order it runs them. */
  enum Check {
    /** Structure and header syntax: {@link SignedToken#parse}. */
    TOKEN,
    /** {@code iss} names a configured issuer. */
    ISSUER,
    /** {@code alg} on the issuer's allow-list, {@code typ} accepted. */
    HEADER,
    /** {@code exp}, {@code nbf}, {@code iat}, lifetime, {@code sub}, {@code aud}. */
    CLAIMS,
    /** A key of the issuer's JWKS fits {@code kid} and {@code alg}. */
    KEY,
    /** The signature verifies with one of those keys. */
    SIGNATURE,
    /** Neither the token, its session, subject nor client is revoked. */
    REVOCATION,
    /** The issuer's introspection endpoint says the token is active. */
    INTROSPECTION,
    /** Every check of the verifier passed. */
    VERIFIED
  }

  /** {@code check} starts. */
  default void checking(Check check) {}

  /** The token passed {@link Check#TOKEN}: its header and claims, read but not trusted. */
  default void parsed(SignedToken token) {}

  /** {@link Check#KEY} found {@code count} candidate keys. */
  default void candidates(int count) {}
}
