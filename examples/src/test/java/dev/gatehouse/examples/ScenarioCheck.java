package dev.gatehouse.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testkit.MockIssuer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.jspecify.annotations.Nullable;

/** Sends each {@link Scenario} as its curl command would, and checks the whole answer. */
public final class ScenarioCheck {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private ScenarioCheck() {}

  /** Runs every scenario against {@code base}; reports every mismatch, not only the first. */
  public static void runAll(URI base, List<Scenario> scenarios) {
    assertThat(scenarios).isNotEmpty();
    SoftAssertions softly = new SoftAssertions();
    for (Scenario scenario : scenarios) {
      HttpResponse<String> response = send(base, scenario);
      String name = scenario.title() + " (GET " + scenario.path() + ")";
      softly.assertThat(response.statusCode()).as(name + ": status").isEqualTo(scenario.status());
      softly
          .assertThat(response.headers().firstValue("WWW-Authenticate").orElse(null))
          .as(name + ": WWW-Authenticate")
          .isEqualTo(scenario.challenge());
      softly.assertThat(response.body()).as(name + ": body").isEqualTo(scenario.body());
      if (!scenario.body().isEmpty()) {
        softly
            .assertThat(response.headers().firstValue("Content-Type").orElse(""))
            .as(name + ": Content-Type")
            .startsWithIgnoringCase("application/json");
      }
      if (scenario.challenge() != null) {
        // Gatehouse's refusals must not be cached by intermediaries.
        softly
            .assertThat(response.headers().firstValue("Cache-Control"))
            .as(name + ": Cache-Control")
            .hasValue("no-store");
      }
    }
    softly.assertAll();
  }

  /**
   * Sends the printed back-channel logout (the curl of the mock issuer's trigger), then checks that
   * the first scenario's token gets 401 "token revoked", as printed.
   */
  public static void logoutAsPrinted(MockIssuer issuer, RunningExample app) {
    assertThat(app.receivesLogouts()).isTrue();
    List<Scenario> scenarios = Scenarios.servletApi(issuer);
    ScenarioCheck.runAll(app.baseUri(), scenarios.subList(0, 1));
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    Scenarios.printLogout(
        new PrintStream(printed, true, StandardCharsets.UTF_8), issuer, app.baseUri(), scenarios);
    String text = printed.toString(StandardCharsets.UTF_8);
    Matcher opaque =
        Pattern.compile(
                "curl -i "
                    + Pattern.quote(app.baseUri().resolve("/api/orders").toString())
                    + " -H 'Authorization: Bearer ([A-Za-z0-9_-]{43})'")
            .matcher(text);
    assertThat(opaque.find()).as("the printed opaque token").isTrue();
    HttpResponse<String> introspected = get(app.baseUri().resolve("/api/orders"), opaque.group(1));
    assertThat(introspected.statusCode()).isEqualTo(200);
    assertThat(introspected.body()).contains("\"subject\":\"olivia\"");
    Matcher curl =
        Pattern.compile("curl -i (" + Pattern.quote(issuer.issuer()) + "/logout/\\d+)")
            .matcher(printed.toString(StandardCharsets.UTF_8));
    assertThat(curl.find()).as("the printed trigger").isTrue();
    HttpResponse<String> delivered = get(URI.create(curl.group(1)), null);
    assertThat(delivered.statusCode()).isEqualTo(200);
    assertThat(delivered.body()).isEqualTo("{\"delivered\":200}");
    runAll(app.baseUri(), List.of(Scenarios.afterLogout(scenarios.get(0))));
  }

  /** The response to {@code scenario}'s request. */
  public static HttpResponse<String> send(URI base, Scenario scenario) {
    return get(base.resolve(scenario.path()), scenario.token());
  }

  /** GET {@code uri}, with {@code token} as a bearer token unless it is null. */
  public static HttpResponse<String> get(URI uri, @Nullable String token) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    try {
      return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException("GET " + uri + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: GET " + uri, e);
    }
  }
}
