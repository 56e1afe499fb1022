package dev.gatehouse.servlet;

import dev.gatehouse.Rejection;
import dev.gatehouse.RequestView;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The servlet side of every adapter: a {@link RequestView} of an {@code HttpServletRequest}, and a
 * {@link Rejection} written to an {@code HttpServletResponse}. {@link RequireAuthFilter} and the
 * Jakarta Security mechanism of {@code filter-jakarta} both use it, so they read requests and write
 * answers alike.
 *
 * <p>Stateless and thread-safe.
 */
public final class ServletViews {
  /**
   * The request attribute holding the DPoP proof an earlier dispatch of the exchange accepted; its
   * value is an instance of a private class, so no application code sets it by accident.
   */
  private static final String CHECKED_PROOF = ServletViews.class.getName() + ".dpopProof";

  private ServletViews() {}

  /**
   * The view of {@code request} that the guard decides on: method, path inside the context as the
   * container routes it (the included resource's for an include), dispatcher type, headers, lazy
   * access-token parameters, request URI, client certificates and peer address.
   */
  public static RequestView of(HttpServletRequest request) {
    RequestView.Dispatch dispatch = dispatch(request.getDispatcherType());
    return RequestView.builder(request.getMethod(), pathInContext(request, dispatch))
        .dispatch(dispatch)
        .headers(name -> values(request.getHeaders(name)))
        .queryParameters(name -> AccessTokenParameters.query(request, name))
        .formParameters(name -> AccessTokenParameters.form(request, name))
        .requestUri(() -> originalRequestUrl(request, dispatch))
        .dpopProofChecked(
            request.getAttribute(CHECKED_PROOF) instanceof CheckedProof checked
                ? checked.value()
                : null)
        .clientCertificates(
            () ->
                request.getAttribute("jakarta.servlet.request.X509Certificate")
                        instanceof java.security.cert.X509Certificate[] chain
                    ? chain
                    : null)
        .remoteAddress(request.getRemoteAddr())
        .build();
  }

  /**
   * Records that the request's DPoP proof was accepted, so that a later dispatch of the same
   * exchange (a forward, include, async or error dispatch to a protected path) checks it again
   * without counting it as a replay.
   */
  static void acceptedProof(HttpServletRequest request) {
    List<String> proofs = values(request.getHeaders("DPoP"));
    if (proofs.size() == 1) {
      request.setAttribute(CHECKED_PROOF, new CheckedProof(proofs.get(0)));
    }
  }

  private record CheckedProof(String value) {}

  /**
   * The URL the client sent the request to: for a forward, async or error dispatch the container's
   * {@code getRequestURL()} names the dispatch's target, so the original request URI the
   * specification keeps in an attribute takes its place. Null when the two cannot be told apart.
   */
  private static @Nullable String originalRequestUrl(
      HttpServletRequest request, RequestView.Dispatch dispatch) {
    String url = request.getRequestURL().toString();
    String original =
        switch (dispatch) {
          case FORWARD -> attribute(request, RequestDispatcher.FORWARD_REQUEST_URI);
          case ASYNC -> attribute(request, AsyncContext.ASYNC_REQUEST_URI);
          case ERROR -> attribute(request, RequestDispatcher.ERROR_REQUEST_URI);
          case REQUEST, INCLUDE -> null;
        };
    if (original == null) {
      return url;
    }
    String current = request.getRequestURI();
    if (current == null || !url.endsWith(current)) {
      return null;
    }
    return url.substring(0, url.length() - current.length()) + original;
  }

  private static RequestView.Dispatch dispatch(DispatcherType type) {
    return switch (type) {
      case REQUEST -> RequestView.Dispatch.REQUEST;
      case FORWARD -> RequestView.Dispatch.FORWARD;
      case INCLUDE -> RequestView.Dispatch.INCLUDE;
      case ERROR -> RequestView.Dispatch.ERROR;
      case ASYNC -> RequestView.Dispatch.ASYNC;
    };
  }

  private static List<String> values(@Nullable Enumeration<String> values) {
    if (values == null || !values.hasMoreElements()) {
      return List.of();
    }
    String first = values.nextElement();
    if (!values.hasMoreElements()) {
      return List.of(first);
    }
    List<String> all = Collections.list(values);
    all.add(0, first);
    return all;
  }

  /**
   * The decoded, normalised path inside the context of the resource about to run: servlet path plus
   * path info; for an include, the included resource's (Servlet 6.0 §9.3.1), since the request's
   * own methods still describe the including request.
   */
  private static String pathInContext(HttpServletRequest request, RequestView.Dispatch dispatch) {
    String servletPath = request.getServletPath();
    String pathInfo = request.getPathInfo();
    if (dispatch == RequestView.Dispatch.INCLUDE) {
      servletPath = attribute(request, RequestDispatcher.INCLUDE_SERVLET_PATH);
      pathInfo = attribute(request, RequestDispatcher.INCLUDE_PATH_INFO);
    }
    String path = (servletPath == null ? "" : servletPath) + (pathInfo == null ? "" : pathInfo);
    return path.isEmpty() ? "/" : path;
  }

  private static @Nullable String attribute(HttpServletRequest request, String name) {
    return request.getAttribute(name) instanceof String value ? value : null;
  }

  /**
   * Writes {@code rejection} (a refusal or an endpoint's answer) to {@code response}: status,
   * headers, body, exactly as given, also inside an include.
   */
  public static void write(HttpServletResponse response, Rejection rejection) throws IOException {
    // In an include the status and headers cannot change: the body still replaces the content.
    if (!response.isCommitted()) {
      response.resetBuffer();
    }
    response.setStatus(rejection.status());
    rejection.headers().forEach(response::setHeader);
    String content = rejection.body().content();
    byte[] body = content.getBytes(StandardCharsets.UTF_8);
    // Written as given: the same string on every container and in the JAX-RS adapter.
    response.setContentType(rejection.body().contentType());
    response.setContentLength(body.length);
    try {
      response.getOutputStream().write(body);
    } catch (IllegalStateException writerInUse) {
      // An including page (or an earlier filter) has already taken the writer.
      response.setCharacterEncoding("UTF-8");
      response.getWriter().write(content);
    }
    response.flushBuffer();
  }
}
