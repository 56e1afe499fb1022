package dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testkit.MockIssuer;
import dev.gatehouse.testkit.MockIssuerExtension;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code explain} against a real mock issuer: each refusal names the check that failed, with the
 * verifier's own reason, and the signature never shows (issue 18).
 */
@ExtendWith(MockIssuerExtension.class)
final class ExplainCommandTest {
  private final MockIssuer issuer;

  ExplainCommandTest(MockIssuer issuer) {
    this.issuer = issuer;
  }

  /** What one run printed and returned. */
  private record Run(int status, String out, String err) {
    List<String> lines() {
      return out.lines().toList();
    }
  }

  @Test
  void aValidTokenIsAcceptedCheckByCheck() {
    String token = issuer.token().subject("alice").scopes("orders.read").sign();
    Run run = explain(token, "--scope", "orders.read");
    assertThat(run.status()).isZero();
    assertThat(run.lines())
        .anyMatch(l -> l.startsWith("  ok     token       alg \"ES256\""))
        .anyMatch(l -> l.startsWith("  ok     claims"))
        .anyMatch(l -> l.startsWith("  ok     key         1 key(s) of the JWKS fit kid"))
        .anyMatch(l -> l.startsWith("  ok     signature"))
        .anyMatch(l -> l.startsWith("  ok     route       GET / needs scopes [\"orders.read\"]"))
        .contains("Accepted: subject \"alice\", scopes [\"orders.read\"]");
    assertThat(run.out()).contains("\"sub\":\"alice\"").contains("signature  not shown");
    assertNoSignature(run, token);
  }

  @Test
  void anExpiredTokenFailsTheClaimsCheckWithItsTimes() {
    String token = issuer.token().expiresIn(Duration.ofMinutes(-5)).sign();
    Run run = explain(token);
    assertThat(run.status()).isOne();
    assertThat(run.lines())
        .anyMatch(l -> l.equals("  FAILED claims      token expired"))
        .anyMatch(l -> l.contains("exp ") && l.contains("(5m 0s ago)") && l.contains("leeway 30s"))
        .contains("  -      key", "  -      signature")
        .contains("Refused: 401 invalid_token (EXPIRED): token expired");
    assertNoSignature(run, token);
  }

  @Test
  void aTokenForAnotherAudienceSaysWhichAudiencesAreAccepted() {
    String token = issuer.token().audience("billing").sign();
    Run run = explain(token);
    assertThat(run.status()).isOne();
    assertThat(run.lines())
        .contains("  FAILED claims      audience not accepted")
        .anyMatch(l -> l.strip().equals("aud \"billing\"; accepted [\"api\"]"))
        .contains("Refused: 401 invalid_token (WRONG_AUDIENCE): audience not accepted");
    assertNoSignature(run, token);
  }

  @Test
  void anUnknownKidFailsTheKeyLookup() {
    String token = issuer.token().headerKid("retired-2019").sign();
    Run run = explain(token);
    assertThat(run.status()).isOne();
    assertThat(run.lines())
        .contains("  FAILED key         no signing key matches the token")
        .anyMatch(l -> l.strip().startsWith("0 key(s) of the JWKS fit kid \"retired-2019\""))
        .contains("Refused: 401 invalid_token (UNKNOWN_KEY): no signing key matches the token");
    assertNoSignature(run, token);
  }

  @Test
  void aTamperedTokenFailsTheSignatureCheck() {
    String[] alice = issuer.token().subject("alice").sign().split("\\.");
    String[] admin = issuer.token().subject("admin").sign().split("\\.");
    String forged = alice[0] + "." + admin[1] + "." + alice[2];
    Run run = explain(forged);
    assertThat(run.status()).isOne();
    assertThat(run.lines())
        .contains(
            "  ok     key         1 key(s) of the JWKS fit kid \""
                + issuer.signingKid()
                + "\" and alg \"ES256\"")
        .contains("  FAILED signature   signature does not verify")
        .contains("Refused: 401 invalid_token (BAD_SIGNATURE): signature does not verify");
    assertNoSignature(run, forged);
  }

  @Test
  void anUnsignedTokenFailsTheFirstCheck() {
    String token = issuer.token().algorithm("none").sign();
    Run run = explain(token);
    assertThat(run.status()).isOne();
    assertThat(run.lines())
        .contains("  FAILED token       unsigned tokens are not accepted", "  -      issuer")
        .contains(
            "Refused: 401 invalid_token (DISALLOWED_ALGORITHM): unsigned tokens are not accepted");
  }

  @Test
  void garbageIsNotAToken() {
    for (String garbage : List.of("hello", "a.b.c", "eyJ.eyJ.sig")) {
      Run run = explain(garbage);
      assertThat(run.status()).as(garbage).isOne();
      assertThat(run.lines())
          .as(garbage)
          .anyMatch(l -> l.startsWith("  FAILED token       token "))
          .anyMatch(l -> l.startsWith("Refused: 401 invalid_token (MALFORMED_TOKEN)"));
      assertThat(run.err()).isEmpty();
    }
    // Over the size limit, the request is refused before the verifier parses anything.
    Run huge = explain("x".repeat(20_000));
    assertThat(huge.status()).isOne();
    assertThat(huge.lines()).contains("  FAILED request     token is too large");
  }

  @Test
  void aTokenTheHeaderCannotCarryIsARefusedRequest() {
    Run run = explain("two words");
    assertThat(run.status()).isOne();
    assertThat(run.lines()).anyMatch(l -> l.startsWith("  FAILED request"));
  }

  @Test
  void aMissingScopeFailsTheRoute() {
    String token = issuer.token().scopes("orders.read").sign();
    Run run = explain(token, "--scope", "admin", "--path", "/admin/reports");
    assertThat(run.status()).isOne();
    assertThat(run.lines())
        .contains("  ok     signature")
        .contains("  FAILED route       GET /admin/reports needs scopes [\"admin\"]")
        .contains(
            "Refused: 403 insufficient_scope (INSUFFICIENT_SCOPE): token lacks a required"
                + " scope");
  }

  @Test
  void anUnreachableIssuerIsReportedAtTheKeyLookupWithinTheTimeout() {
    MockIssuer gone = MockIssuer.start();
    String token = gone.token().sign();
    gone.close();
    long started = System.nanoTime();
    Run run =
        run(
            "explain",
            "--issuer",
            gone.issuer(),
            "--audience",
            "api",
            "--set",
            "jwks-timeout-millis=2000",
            token);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    assertThat(run.status()).isOne();
    assertThat(run.lines())
        .anyMatch(
            l ->
                l.startsWith("Issuer " + gone.issuer() + ": keys at ")
                    && l.contains("fetch failed"))
        .contains("  FAILED key         signing keys unavailable")
        .contains(
            "Refused: 503 temporarily_unavailable (KEYS_UNAVAILABLE): signing keys"
                + " unavailable");
    assertNoSignature(run, token);
  }

  @Test
  void theTokenMayComeFromStandardInput() {
    String token = issuer.token().subject("stdin").sign();
    Run run =
        run(
            new ByteArrayInputStream(("Bearer " + token + "\n").getBytes(StandardCharsets.UTF_8)),
            "explain",
            "--issuer",
            issuer.issuer(),
            "--audience",
            "api",
            "-");
    assertThat(run.status()).isZero();
    assertThat(run.out()).contains("Accepted: subject \"stdin\"");
  }

  @Test
  void usageErrorsExitWithTwoAndSayWhy() {
    String token = issuer.token().sign();
    assertThat(run("explain", token)).satisfies(r -> usage(r, "explain: --issuer is required"));
    assertThat(run("explain", "--issuer", issuer.issuer()))
        .satisfies(r -> usage(r, "explain: no token"));
    assertThat(run("explain", "--issuer", issuer.issuer(), "--colour", "red", token))
        .satisfies(r -> usage(r, "explain: unknown option: --colour"));
    assertThat(run("explain", "--issuer", issuer.issuer(), "--set", "leway-seconds=3", token))
        .satisfies(r -> usage(r, "explain: unknown setting: leway-seconds"));
    assertThat(run("explain", "--issuer", "ftp://idp", token))
        .satisfies(r -> usage(r, "explain: "));
    assertThat(run("verify", token)).satisfies(r -> usage(r, "usage: "));
    assertThat(run("explain", "--issuer", issuer.issuer(), token, token))
        .satisfies(r -> usage(r, "explain: one token, after the options"));
    assertThat(run("explain", "--help").status()).isZero();
  }

  private void usage(Run run, String firstLine) {
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).startsWith(firstLine).contains("usage: java -jar filter-core-all.jar");
    assertThat(run.err()).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(run.out()).isEmpty();
  }

  private void assertNoSignature(Run run, String token) {
    String signature = token.substring(token.lastIndexOf('.') + 1);
    assertThat(signature).isNotEmpty();
    assertThat(run.out() + run.err()).doesNotContain(signature);
  }

  private Run explain(String token, String... more) {
    List<String> args =
        new ArrayList<>(List.of("explain", "--issuer", issuer.issuer(), "--audience", "api"));
    args.addAll(List.of(more));
    args.add(token);
    return run(args.toArray(String[]::new));
  }

  private static Run run(String... args) {
    return run(new ByteArrayInputStream(new byte[0]), args);
  }

  private static Run run(ByteArrayInputStream in, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        ExplainCommand.run(
            List.of(args),
            in,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
