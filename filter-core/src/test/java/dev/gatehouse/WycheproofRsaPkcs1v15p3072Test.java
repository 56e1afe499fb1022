package dev.gatehouse;

import java.util.Map;

/**
 * Wycheproof {@code rsa_signature_3072_sha256_test.json}: RSASSA-PKCS1-v1_5 / SHA-256 with 3072-bit
 * keys (RS256, RFC 7518 §3.3), every case through the signature layer the verifier uses, once per
 * loadable provider (issues 7 and 8).
 */
final class WycheproofRsaPkcs1v15p3072Test extends WycheproofSignatureFileTest {
  WycheproofRsaPkcs1v15p3072Test() {
    super(
        new WycheproofSignatures(
            "rsa_signature_3072_sha256_test.json", "RS256", "keyJwk", Map.of()));
  }
}
