package dev.gatehouse;

import java.util.Map;

/**
 * Wycheproof {@code ecdsa_secp521r1_sha512_p1363_test.json}: ECDSA P-521 / SHA-512 in IEEE P1363
 * form (ES512, RFC 7518 §3.4), every case through the signature layer the verifier uses, once per
 * loadable provider (issues 7 and 8).
 */
final class WycheproofEcdsaP521Test extends WycheproofSignatureFileTest {
  WycheproofEcdsaP521Test() {
    super(
        new WycheproofSignatures(
            "ecdsa_secp521r1_sha512_p1363_test.json",
            "ES512",
            "publicKeyJwk",
            Map.of(
                184, WycheproofSignatures.sunEcUnreducedX(), // k*G has a large x-coordinate
                313, WycheproofSignatures.sunEcUnreducedX()))); // smallest x with a reduction
  }
}
