package dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.provider.Arguments;

/**
 * One Wycheproof signature-verification file (ECDSA P1363, EdDSA, RSASSA-PKCS1-v1_5, RSASSA-PSS)
 * run through {@link Signatures#verify}, the layer the verifier itself calls: {@code msg} is the
 * raw signed bytes, {@code sig} the raw signature, the key is built from the group's JWK exactly as
 * a JWKS key would be. Each case runs once per provider of {@link VectorFiles#providers()}.
 *
 * <p>Expected: {@code valid} verifies, {@code invalid} does not; {@code acceptable} may go either
 * way and is recorded; a documented exception asserts our own outcome and says why it differs.
 */
final class WycheproofSignatures {
  /**
   * Where an outcome differs from the label, and why.
   *
   * @param providers the providers it applies to; others must match the label
   * @param accepted the outcome asserted, or null where it differs between versions of a provider
   *     and is only recorded
   * @param reason why
   */
  record Documented(Set<String> providers, @Nullable Boolean accepted, String reason) {}

  /**
   * SunEC before JDK 25 compares r with x(R) unreduced, so it rejects the valid signatures whose
   * x(R) lies in [n, p) (SEC 1 §4.1.4 step 7 says x(R) mod n); JDK 25's SunEC and Conscrypt accept
   * them. A false negative on ~2^-128 of honest signatures, never a false acceptance.
   */
  static Documented sunEcUnreducedX() {
    return new Documented(
        Set.of("jdk"),
        null,
        "SunEC before JDK 25 does not reduce x(R) mod n: valid signature rejected (false negative only)");
  }

  /** One case under one provider. */
  record Case(
      String provider,
      int tcId,
      String comment,
      List<String> flags,
      String result,
      @Nullable VerificationKey key,
      byte[] msg,
      byte[] sig) {
    @Override
    public String toString() {
      return "["
          + provider
          + "] tcId "
          + tcId
          + " "
          + (comment.isEmpty() ? "-" : comment)
          + " "
          + flags
          + " -> "
          + result;
    }
  }

  private final String file;
  private final String alg;
  private final String jwkMember;
  private final Map<Integer, Documented> documented;
  private final Map<String, int[]> tally = new TreeMap<>();
  private final List<String> notes = new ArrayList<>();

  /**
   * @param file the file name under {@code wycheproof/}
   * @param alg the JWS algorithm whose verification the file exercises
   * @param jwkMember the group member with the public JWK ({@code keyJwk} in the PKCS#1 files)
   * @param documented tcId to our outcome, where it differs from the label
   */
  WycheproofSignatures(
      String file, String alg, String jwkMember, Map<Integer, Documented> documented) {
    this.file = file;
    this.alg = alg;
    this.jwkMember = jwkMember;
    this.documented = Map.copyOf(documented);
  }

  Stream<Arguments> cases() {
    if (!VectorFiles.present()) {
      return Stream.empty();
    }
    List<Arguments> out = new ArrayList<>();
    Map<String, Object> json = VectorFiles.json("wycheproof/" + file);
    for (String provider : VectorFiles.providers()) {
      for (Map<String, Object> group : VectorFiles.groups(json)) {
        // Prepared once per group, as a key set prepares each JWK once for every token.
        PublicKey publicKey = key(jwk(group));
        VerificationKey key = publicKey == null ? null : VerificationKey.of(publicKey);
        for (Map<String, Object> test : VectorFiles.objects(group.get("tests"))) {
          out.add(
              Arguments.of(
                  new Case(
                      provider,
                      ((Number) test.get("tcId")).intValue(),
                      (String) test.get("comment"),
                      strings(test.get("flags")),
                      (String) test.get("result"),
                      key,
                      VectorFiles.hex((String) test.get("msg")),
                      VectorFiles.hex((String) test.get("sig")))));
        }
      }
    }
    return out.stream();
  }

  void check(Case c) {
    boolean accepted =
        c.key != null && Signatures.verify(alg, c.key, c.msg, c.sig, context(c.provider));
    int[] counts = tally.computeIfAbsent(c.provider, p -> new int[4]);
    counts[0]++;
    Documented exception = documented.get(c.tcId);
    if (exception != null && exception.providers.contains(c.provider)) {
      counts[2]++;
      notes.add(
          c.provider
              + " tcId "
              + c.tcId
              + " "
              + (accepted ? "accepted" : "rejected")
              + ": "
              + exception.reason);
      if (exception.accepted != null) {
        assertThat(accepted)
            .as("%s: documented exception: %s", c, exception.reason)
            .isEqualTo(exception.accepted);
      }
      return;
    }
    switch (c.result) {
      case "valid" -> assertThat(accepted).as("%s must verify", c).isTrue();
      case "invalid" -> assertThat(accepted).as("%s must be rejected", c).isFalse();
      case "acceptable" -> {
        counts[3]++;
        notes.add(
            c.provider
                + " tcId "
                + c.tcId
                + " (acceptable) "
                + (accepted ? "accepted" : "rejected"));
      }
      default -> throw new IllegalStateException("unknown result " + c.result + " in " + c);
    }
    counts[1]++;
  }

  /** One line per provider: run, passed as labelled, documented exceptions, acceptable. */
  void printSummary() {
    tally.forEach(
        (provider, n) ->
            System.out.printf(
                "VECTORS wycheproof/%s [%s]: %d run, %d passed as labelled, %d documented exceptions (%d acceptable)%n",
                file, provider, n[0], n[1], n[2], n[3]));
    notes.forEach(note -> System.out.printf("VECTORS wycheproof/%s documented: %s%n", file, note));
  }

  /** The provider the verifier would use for {@code provider}, built by the production selector. */
  static SignatureProvider context(String provider) {
    return SignatureProvider.select(provider);
  }

  /**
   * Who verifies {@code alg} for the setting {@code provider}: a JCA provider's name, {@code
   * BouncyCastle}, or null for the JDK's.
   */
  static @Nullable String routedTo(String alg, String provider) {
    return Signatures.route(alg, SignatureProvider.select(provider)).verifier();
  }

  /**
   * The group's JWK; the few ECDSA groups that carry only the point's coordinates (the {@code r = x
   * mod n} edge cases) get the same JWK built from {@code wx} and {@code wy}.
   */
  private Map<String, Object> jwk(Map<String, Object> group) {
    Map<String, Object> jwk = VectorFiles.object(group, jwkMember);
    if (jwk != null) {
      return jwk;
    }
    Map<String, Object> point =
        Objects.requireNonNull(VectorFiles.object(group, "publicKey"), "publicKey");
    String curve = (String) point.get("curve");
    int size =
        switch (curve) {
          case "secp256r1" -> 32;
          case "secp384r1" -> 48;
          case "secp521r1" -> 66;
          default ->
              throw new IllegalStateException("no JWK and unknown curve " + curve + " in " + file);
        };
    String crv = size == 32 ? "P-256" : size == 48 ? "P-384" : "P-521";
    return Map.of(
        "kty",
        "EC",
        "crv",
        crv,
        "x",
        coordinate((String) point.get("wx"), size),
        "y",
        coordinate((String) point.get("wy"), size));
  }

  private static String coordinate(String hex, int size) {
    byte[] raw = new java.math.BigInteger(hex, 16).toByteArray();
    byte[] fixed = new byte[size];
    int copy = Math.min(raw.length, size);
    System.arraycopy(raw, raw.length - copy, fixed, size - copy, copy);
    return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(fixed);
  }

  private static @Nullable PublicKey key(Map<String, Object> jwk) {
    try {
      return PublicJsonWebKey.Factory.newPublicJwk(jwk).getPublicKey();
    } catch (JoseException | RuntimeException e) {
      return null;
    }
  }

  @SuppressWarnings("unchecked")
  private static List<String> strings(@Nullable Object value) {
    return value == null ? List.of() : List.copyOf((List<String>) value);
  }
}
