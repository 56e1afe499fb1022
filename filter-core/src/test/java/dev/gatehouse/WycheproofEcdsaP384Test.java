package dev.gatehouse;

import java.util.Map;

/**
 * Wycheproof {@code ecdsa_secp384r1_sha384_p1363_test.json}: ECDSA P-384 / SHA-384 in IEEE P1363
 * form (ES384, RFC 7518 §3.4), every case through the signature layer the verifier uses, once per
 * loadable provider (issues 7 and 8).
 */
final class WycheproofEcdsaP384Test extends WycheproofSignatureFileTest {
  WycheproofEcdsaP384Test() {
    super(
        new WycheproofSignatures(
            "ecdsa_secp384r1_sha384_p1363_test.json",
            "ES384",
            "publicKeyJwk",
            Map.of(
                147, WycheproofSignatures.sunEcUnreducedX(), // k*G has a large x-coordinate
                275, WycheproofSignatures.sunEcUnreducedX()))); // smallest x with a reduction
  }
}
