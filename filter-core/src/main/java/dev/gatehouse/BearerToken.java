package dev.gatehouse;

import java.util.List;

/**
 * Extracts the bearer token from a request's {@code Authorization} header values (RFC 6750 §2.1):
 * one header, scheme {@code Bearer} in any case, one space or more, then a {@code token68}. Tokens
 * in the query string or a form body are never read.
 */
final class BearerToken {
  /** Tokens longer than this are refused before any parsing. */
  static final int MAX_LENGTH = 16 * 1024;

  private static final String SCHEME = "bearer";

  /** The DPoP scheme (RFC 9449 §7.1), matched without regard to case as every scheme is. */
  static final String DPOP = "dpop";

  private BearerToken() {}

  /**
   * The token in {@code headerValues}.
   *
   * @throws AuthException {@link FailureReason#MISSING_TOKEN} when no bearer credentials are sent
   *     (no header, or another scheme), {@link FailureReason#MALFORMED_REQUEST} for several headers
   *     or a malformed one, {@link FailureReason#MALFORMED_TOKEN} for an oversized token
   */
  static String extract(List<String> headerValues) throws AuthException {
    long region = region(headerValues);
    return headerValues.get(0).substring((int) (region >>> 32), (int) region);
  }

  /**
   * Where the token stands in the one header value, as {@code start << 32 | end}, checked as {@link
   * #extract} checks it but without copying anything: the cache looks it up in place.
   *
   * @throws AuthException as {@link #extract}
   */
  static long region(List<String> headerValues) throws AuthException {
    return region(headerValues, SCHEME);
  }

  /** Whether the one {@code Authorization} header value names the DPoP scheme. */
  static boolean isDpop(List<String> headerValues) {
    if (headerValues.size() != 1) {
      return false;
    }
    String value = strip(headerValues.get(0));
    return value.regionMatches(true, 0, DPOP, 0, DPOP.length())
        && (value.length() == DPOP.length() || isWhitespace(value.charAt(DPOP.length())));
  }

  /** {@link #region(List)} for the credentials of {@code scheme} (lower case). */
  static long region(List<String> headerValues, String scheme) throws AuthException {
    if (headerValues.isEmpty()) {
      throw AuthFailure.of(FailureReason.MISSING_TOKEN, "no bearer token").exception();
    }
    // RFC 6750 §3.1: more than one credential is an invalid_request.
    if (headerValues.size() > 1) {
      throw malformed("more than one Authorization header");
    }
    String value = headerValues.get(0);
    int start = 0;
    int end = value.length();
    while (start < end && isWhitespace(value.charAt(start))) {
      start++;
    }
    while (end > start && isWhitespace(value.charAt(end - 1))) {
      end--;
    }
    int space = value.indexOf(' ', start);
    if (space >= end) {
      space = -1;
    }
    int schemeEnd = space < 0 ? end : space;
    boolean bearer =
        schemeEnd - start == scheme.length()
            && value.regionMatches(true, start, scheme, 0, scheme.length());
    if (!bearer) {
      String other = value.substring(start, schemeEnd);
      if (other.isEmpty() || !HttpMethods.isToken(other)) {
        throw malformed("malformed Authorization header");
      }
      // Another scheme (Basic, DPoP, ...) carries no bearer credentials.
      throw AuthFailure.of(FailureReason.MISSING_TOKEN, "no bearer token").exception();
    }
    if (space < 0) {
      throw malformed("bearer token is empty");
    }
    int token = space + 1;
    while (token < end && isWhitespace(value.charAt(token))) {
      token++;
    }
    if (end - token > MAX_LENGTH) {
      throw AuthFailure.of(FailureReason.MALFORMED_TOKEN, "token is too large").exception();
    }
    if (token == end) {
      throw malformed("bearer token is empty");
    }
    if (!isToken68(value, token, end)) {
      throw malformed("bearer token has characters outside token68");
    }
    return ((long) token << 32) | end;
  }

  /**
   * The token from the {@code access_token} parameter values of the URI query (RFC 6750 §2.3) or of
   * a form body (§2.2), when the application opted in; the header still wins when it is the only
   * method used.
   *
   * @throws AuthException {@link FailureReason#MALFORMED_REQUEST} when the token is sent by more
   *     than one method (RFC 6750 §2: clients MUST NOT), or more than once
   */
  static Selection select(
      List<String> headerValues, List<String> queryTokens, List<String> formTokens)
      throws AuthException {
    boolean header = hasBearerScheme(headerValues);
    int methods =
        (header ? 1 : 0) + (queryTokens.isEmpty() ? 0 : 1) + (formTokens.isEmpty() ? 0 : 1);
    if (methods > 1) {
      throw malformed("token sent by more than one method");
    }
    List<String> values = !queryTokens.isEmpty() ? queryTokens : formTokens;
    if (values.isEmpty()) {
      return new Selection(headerValues, null);
    }
    if (values.size() > 1) {
      throw malformed("more than one access_token parameter");
    }
    String token = values.get(0);
    if (token.length() > MAX_LENGTH) {
      throw AuthFailure.of(FailureReason.MALFORMED_TOKEN, "token is too large").exception();
    }
    if (!isToken68(token)) {
      throw malformed("access_token has characters outside token68");
    }
    return new Selection(headerValues, token);
  }

  /** Either the header values to authenticate, or a token taken from a parameter. */
  record Selection(
      List<String> headerValues, @org.jspecify.annotations.Nullable String parameterToken) {}

  private static boolean hasBearerScheme(List<String> headerValues) {
    for (String value : headerValues) {
      String v = strip(value);
      if (v.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
          && (v.length() == SCHEME.length() || v.charAt(SCHEME.length()) == ' ')) {
        return true;
      }
    }
    return false;
  }

  private static String strip(String value) {
    int start = 0;
    int end = value.length();
    while (start < end && isWhitespace(value.charAt(start))) {
      start++;
    }
    while (end > start && isWhitespace(value.charAt(end - 1))) {
      end--;
    }
    return value.substring(start, end);
  }

  private static boolean isWhitespace(char c) {
    return c == ' ' || c == '\t';
  }

  /**
   * RFC 6750 §2.1: {@code b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="}.
   */
  static boolean isToken68(String token) {
    return isToken68(token, 0, token.length());
  }

  /** {@link #isToken68(String)} for {@code [from, to)} of {@code s}. */
  static boolean isToken68(String s, int from, int to) {
    int i = from;
    int n = to;
    while (i < n && isToken68Char(s.charAt(i))) {
      i++;
    }
    if (i == from) {
      return false;
    }
    while (i < n && s.charAt(i) == '=') {
      i++;
    }
    return i == n;
  }

  private static boolean isToken68Char(char c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '.'
        || c == '_'
        || c == '~'
        || c == '+'
        || c == '/';
  }

  private static AuthException malformed(String message) {
    return AuthFailure.of(FailureReason.MALFORMED_REQUEST, message).exception();
  }
}
