package dev.gatehouse.servlet;

import dev.gatehouse.Readiness;
import dev.gatehouse.TokenVerifier;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;

/**
 * A readiness probe for a servlet container: answers {@code GET} and {@code HEAD} with {@link
 * Readiness#check()}, {@code 200} when every issuer's keys can verify tokens, else {@code 503}, and
 * a JSON body of each issuer's key status. Map it at a path the bearer check does not cover
 * (outside the filter's mapping, or in {@code exclude-paths}); or set {@code health-path} instead,
 * and the filter answers there itself.
 *
 * <pre>{@code
 * context.addServlet(new ServletHolder(new ReadinessServlet(verifier)), "/ready");
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class ReadinessServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private final transient Readiness readiness;

  /** Reports on {@code verifier}'s issuers. */
  public ReadinessServlet(TokenVerifier verifier) {
    this.readiness = Readiness.of(Objects.requireNonNull(verifier, "verifier"));
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    ServletViews.write(response, readiness.check());
  }

  @Override
  protected void doHead(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    ServletViews.write(response, readiness.check());
  }
}
