package dev.gatehouse;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A compact JWS (RFC 7515 §7.1) that passed the structural and header checks, with its claims
 * parsed but not yet trusted. Parsing is strict: three canonical base64url segments, a JSON object
 * header with a string {@code alg}, no {@code crit} (RFC 7515 §4.1.11: we understand no extension),
 * no unencoded payload (RFC 7797), no nesting, and a sane {@code kid}.
 *
 * <p>Not thread-safe; one per verification.
 */
final class SignedToken {
  /** Longest {@code kid} accepted; longer ones are refused before any key lookup. */
  static final int MAX_KID_LENGTH = 256;

  final String alg;
  final @Nullable String kid;
  final @Nullable String typ;

  /** The protected header, read strictly. */
  final Map<String, @Nullable Object> headers;

  /** The claims, read strictly but not yet trusted. */
  final Map<String, @Nullable Object> claims;

  private final byte[] signingInput;
  private final int signingInputLength;
  private final byte[] signature;

  private SignedToken(
      String alg,
      @Nullable String kid,
      @Nullable String typ,
      Map<String, @Nullable Object> headers,
      Map<String, @Nullable Object> claims,
      byte[] signingInput,
      int signingInputLength,
      byte[] signature) {
    this.alg = alg;
    this.kid = kid;
    this.typ = typ;
    this.headers = headers;
    this.claims = claims;
    this.signingInput = signingInput;
    this.signingInputLength = signingInputLength;
    this.signature = signature;
  }

  /** Whether {@code token} has the shape of a compact JWS: three parts, the first not empty. */
  static boolean isCompactJws(String token) {
    int first = token.indexOf('.');
    int second = first < 0 ? -1 : token.indexOf('.', first + 1);
    return first > 0 && second > first && token.indexOf('.', second + 1) < 0;
  }

  static SignedToken parse(String token) throws AuthException {
    return parse(token, true);
  }

  /**
   * The JWS layer alone: structure, header policy and signature, with an empty claims set. Only the
   * conformance vectors use it, because their payloads are not JWT claims; the verifier always
   * parses the claims.
   */
  static SignedToken parseJws(String token) throws AuthException {
    return parse(token, false);
  }

  private static SignedToken parse(String token, boolean withClaims) throws AuthException {
    if (token.length() > BearerToken.MAX_LENGTH) {
      throw malformed("token is too large");
    }
    int first = token.indexOf('.');
    int second = first < 0 ? -1 : token.indexOf('.', first + 1);
    int extra = second < 0 ? -1 : token.indexOf('.', second + 1);
    if (extra >= 0 && token.chars().filter(c -> c == '.').count() == 4) {
      throw malformed("encrypted tokens (JWE) are not accepted");
    }
    if (first < 0 || second < 0 || extra >= 0) {
      throw malformed("token is not a compact JWS");
    }
    int length = token.length();
    if (second + 1 == length) {
      throw AuthFailure.of(FailureReason.DISALLOWED_ALGORITHM, "unsigned tokens are not accepted")
          .exception();
    }
    // The token's characters as bytes (anything outside ASCII becomes '?', which no segment
    // accepts); each segment is checked and decoded where it stands, in one pass.
    byte[] ascii = token.getBytes(StandardCharsets.US_ASCII);
    byte[] header = Base64Url.decodeCanonical(ascii, 0, first);
    byte[] payload = Base64Url.decodeCanonical(ascii, first + 1, second);
    byte[] signature = Base64Url.decodeCanonical(ascii, second + 1, length);
    if (header == null || payload == null || signature == null) {
      throw malformed("token is not canonical base64url");
    }
    if (first == 0 || second == first + 1) {
      throw malformed("token is not a compact JWS");
    }
    Map<String, @Nullable Object> headers = StrictJson.object(header);
    if (headers == null) {
      throw malformed("token header is not a JSON object");
    }
    String alg = checkHeader(headers);
    String kid = stringHeader(headers, "kid");
    if (kid != null && !isSaneKid(kid)) {
      throw malformed("kid header is malformed");
    }
    String typ = stringHeader(headers, "typ");
    Map<String, @Nullable Object> claims = Map.of();
    if (withClaims) {
      claims = StrictJson.object(payload);
      if (claims == null) {
        throw malformed("token claims are not a JSON object");
      }
    }
    return new SignedToken(
        // The signing input is the token's first two segments.
        alg, kid, typ, headers, claims, ascii, second, signature);
  }

  private static String checkHeader(Map<String, @Nullable Object> headers) throws AuthException {
    Object alg = headers.get("alg");
    if (!(alg instanceof String name) || name.isEmpty()) {
      throw malformed("alg header is missing or not a string");
    }
    if (name.equalsIgnoreCase("none")) {
      throw AuthFailure.of(FailureReason.DISALLOWED_ALGORITHM, "unsigned tokens are not accepted")
          .exception();
    }
    if (headers.containsKey("crit")) {
      throw malformed("critical header extensions are not supported");
    }
    if (headers.containsKey("b64")) {
      throw malformed("unencoded payloads are not accepted");
    }
    if (headers.containsKey("zip")) {
      throw malformed("compressed payloads are not accepted");
    }
    if (headers.containsKey("cty")) {
      throw malformed("nested tokens are not accepted");
    }
    return name;
  }

  private static @Nullable String stringHeader(Map<String, @Nullable Object> headers, String name)
      throws AuthException {
    Object value = headers.get(name);
    if (value == null || value instanceof String) {
      return (String) value;
    }
    throw malformed(name + " header is not a string");
  }

  /**
   * A {@code kid} of printable ASCII only, of bounded length: never a path, a query or a control
   * character.
   */
  private static boolean isSaneKid(String kid) {
    if (kid.isEmpty() || kid.length() > MAX_KID_LENGTH) {
      return false;
    }
    for (int i = 0; i < kid.length(); i++) {
      char c = kid.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }

  /** Whether the signature verifies with {@code key} under {@code alg} only. */
  boolean verifiesWith(VerificationKey key, SignatureProvider provider) {
    return Signatures.verify(alg, key, signingInput, signingInputLength, signature, provider);
  }

  private static AuthException malformed(String message) {
    return AuthFailure.of(FailureReason.MALFORMED_TOKEN, message).exception();
  }
}
