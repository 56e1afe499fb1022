package dev.gatehouse;

import java.util.Map;

/**
 * Wycheproof {@code rsa_pss_3072_sha256_mgf1_32_test.json}: RSASSA-PSS / SHA-256, MGF1-SHA-256,
 * 32-byte salt, 3072-bit keys (PS256, RFC 7518 §3.5), every case through the signature layer the
 * verifier uses, once per loadable provider (issues 7 and 8).
 */
final class WycheproofRsaPss3072Test extends WycheproofSignatureFileTest {
  WycheproofRsaPss3072Test() {
    super(
        new WycheproofSignatures(
            "rsa_pss_3072_sha256_mgf1_32_test.json", "PS256", "publicKeyJwk", Map.of()));
  }
}
