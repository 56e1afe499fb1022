package dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The two runnable jars as a user runs them, each a child process on this JDK: the test kit's mock
 * issuer on a free port, and {@code explain} against it (issue 18).
 */
final class RunnableJarsIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Pattern LISTENING =
      Pattern.compile("Gatehouse mock issuer listening on 127\\.0\\.0\\.1 port (\\d+)");
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private Process issuerProcess;
  private URI issuer;

  @BeforeEach
  void startTheMockIssuer() throws Exception {
    issuerProcess =
        java("testkit.jar", "--port", "0", "--audience", "orders-api")
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    // Its output is read on a thread of its own, never the common pool the key source fetches
    // on, so that the first line (where it listens) is waited on and the rest never fills the
    // pipe.
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader out =
                  new BufferedReader(
                      new InputStreamReader(
                          issuerProcess.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                  lines.add(line);
                }
              } catch (IOException e) {
                // The process ended.
              }
            },
            "mock-issuer-output");
    reader.setDaemon(true);
    reader.start();
    String first = lines.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
    Matcher port = LISTENING.matcher(String.valueOf(first));
    assertThat(port.matches()).as("first line: %s", first).isTrue();
    issuer = URI.create("http://127.0.0.1:" + port.group(1));
  }

  @AfterEach
  void stopTheMockIssuer() throws Exception {
    if (issuerProcess != null) {
      issuerProcess.destroy();
      if (!issuerProcess.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
        issuerProcess.destroyForcibly().waitFor(WAIT.toSeconds(), TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void theMockIssuerProcessServesDiscoveryAndMintsTokensTheVerifierAccepts() throws Exception {
    HttpResponse<String> discovery = get(issuer.resolve("/.well-known/openid-configuration"));
    assertThat(discovery.statusCode()).isEqualTo(200);
    assertThat(discovery.body()).contains("\"issuer\":\"" + issuer + "\"");

    String token = mint("{\"sub\":\"alice\",\"scope\":\"orders.read\"}");
    try (TokenVerifier verifier =
        TokenVerifier.builder()
            .issuer(
                IssuerPolicy.builder(issuer.toString())
                    .audiences("orders-api")
                    // A child JVM on a loaded machine may answer its first fetches slowly.
                    .jwksTimeout(WAIT)
                    .build())
            .build()) {
      Auth auth = verifier.verify(token);
      assertThat(auth.subject()).isEqualTo("alice");
      assertThat(auth.scopes()).containsExactly("orders.read");
    }
  }

  @Test
  void badInputToTheMintEndpointIsA400NotAStackTrace() throws Exception {
    HttpResponse<String> response = post("{\"sub\":");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("\"error\":\"invalid_request\"");
  }

  @Test
  void explainAcceptsAValidTokenAndExplainsAnExpiredOne() throws Exception {
    String valid = mint("{\"sub\":\"alice\"}");
    Result accepted = explain(valid);
    assertThat(accepted.status()).as(accepted.out()).isZero();
    assertThat(accepted.out()).contains("Accepted: subject \"alice\"");

    long past = System.currentTimeMillis() / 1000 - 600;
    String expired = mint("{\"sub\":\"alice\",\"exp\":" + past + "}");
    Result refused = explain(expired);
    assertThat(refused.status()).isOne();
    assertThat(refused.out())
        .contains("  FAILED claims      token expired")
        .contains("Refused: 401 invalid_token (EXPIRED): token expired")
        .doesNotContain(expired.substring(expired.lastIndexOf('.') + 1));
    assertThat(refused.err()).isEmpty();
  }

  @Test
  void usageErrorsOfBothJarsExitWithTwoAndNoStackTrace() throws Exception {
    Result issuerUsage = run(java("testkit.jar", "--port", "nine"));
    assertThat(issuerUsage.status()).isEqualTo(2);
    assertThat(issuerUsage.err())
        .startsWith("mock-issuer: --port must be a number from 0 to 65535: nine")
        .doesNotContain("Exception");
    Result explainUsage = run(java("core.jar", "explain", "--audience", "api", "token"));
    assertThat(explainUsage.status()).isEqualTo(2);
    assertThat(explainUsage.err())
        .startsWith("explain: --issuer is required")
        .doesNotContain("Exception");
  }

  private record Result(int status, String out, String err) {}

  private Result explain(String token) throws Exception {
    return run(
        java(
            "core.jar",
            "explain",
            "--issuer",
            issuer.toString(),
            "--audience",
            "orders-api",
            token));
  }

  private static Result run(ProcessBuilder builder) throws Exception {
    Path out = Files.createTempFile("gatehouse-jar-", ".out");
    Path err = Files.createTempFile("gatehouse-jar-", ".err");
    Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    try {
      assertThat(process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as("exited").isTrue();
      return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    } finally {
      process.destroyForcibly();
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /** {@code java -jar} on this JDK, with none of this JVM's class path or options. */
  private static ProcessBuilder java(String jarProperty, String... args) {
    Path jar = Path.of(System.getProperty(jarProperty));
    assertThat(jar).as("built by the package phase").isRegularFile();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    List.of("CLASSPATH", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS")
        .forEach(builder.environment()::remove);
    return builder;
  }

  private String mint(String claims) throws Exception {
    HttpResponse<String> response = post(claims);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    Matcher token = Pattern.compile("\"access_token\":\"([^\"]+)\"").matcher(response.body());
    assertThat(token.find()).isTrue();
    return token.group(1);
  }

  private HttpResponse<String> post(String json) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(issuer.resolve("/token"))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(URI uri) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
