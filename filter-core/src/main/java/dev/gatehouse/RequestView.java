package dev.gatehouse;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * What an adapter tells the {@link Guard} about one request: the method, the path in the shape the
 * container routes it, the header values, lazily read query and form parameters, the dispatcher
 * type, and the requirements its annotations declare. Core makes every decision from this view; the
 * adapter only translates.
 *
 * <pre>{@code
 * RequestView view = RequestView.builder("GET", "/books/1")
 *     .headers(name -> Collections.list(request.getHeaders(name)))
 *     .build();
 * Decision decision = guard.decide(view);
 * }</pre>
 *
 * <p>Immutable once built; read by one request thread.
 */
public final class RequestView {
  /** How the container reached the code behind this view (Jakarta Servlet 6.0 §9.7). */
  public enum Dispatch {
    /** A request from a client. */
    REQUEST,
    /** {@code RequestDispatcher.forward}; the path is the target's. */
    FORWARD,
    /** {@code RequestDispatcher.include}; the path is the included resource's. */
    INCLUDE,
    /** An error page; the path is the error page's. */
    ERROR,
    /** {@code AsyncContext.dispatch}; the path is the target's. */
    ASYNC
  }

  // One shared instance for every source a builder is not given.
  @SuppressWarnings("UnnecessaryLambda")
  private static final Function<String, List<String>> NONE = name -> List.of();

  final String method;
  final List<String> segments;
  final Function<String, List<String>> headers;
  final Function<String, List<String>> query;
  final Function<String, List<String>> form;
  final Function<String, List<String>> pathParameters;
  final java.util.function.Supplier<@org.jspecify.annotations.Nullable String> requestUri;
  final java.util.function.Supplier<
          java.security.cert.X509Certificate @org.jspecify.annotations.Nullable []>
      clientCertificates;
  final @org.jspecify.annotations.Nullable String remoteAddress;
  final @org.jspecify.annotations.Nullable String checkedProof;
  final Dispatch dispatch;
  final Requirement declared;
  final boolean permitAll;

  private RequestView(Builder b) {
    this.method = b.method;
    this.segments = b.segments;
    this.headers = b.headers;
    this.query = b.query;
    this.form = b.form;
    this.pathParameters = b.pathParameters;
    this.requestUri = b.requestUri;
    this.clientCertificates = b.clientCertificates;
    this.remoteAddress = b.remoteAddress;
    this.checkedProof = b.checkedProof;
    this.dispatch = b.dispatch;
    this.declared = b.declared;
    this.permitAll = b.permitAll;
  }

  /**
   * A view of a request with {@code method} to the decoded path {@code path} inside the context
   * (for a servlet, its servlet path plus path info).
   */
  public static Builder builder(String method, String path) {
    return new Builder(method, RequestPath.split(Objects.requireNonNull(path, "path")));
  }

  /**
   * A view of a request with {@code method} to a path given as its decoded segments, as a JAX-RS
   * runtime matches them: a segment may contain a decoded {@code /}.
   */
  public static Builder builder(String method, List<String> segments) {
    return new Builder(method, List.copyOf(segments));
  }

  /** The values of the header {@code name} (matched without regard to case); never null. */
  List<String> header(String name) {
    List<String> values = headers.apply(name);
    return values == null ? List.of() : values;
  }

  /** The one value of header {@code name}, or null when it is absent or repeated. */
  @org.jspecify.annotations.Nullable
  String singleHeader(String name) {
    List<String> values = header(name);
    return values.size() == 1 ? values.get(0) : null;
  }

  /** Builds a {@link RequestView}. Not thread-safe. */
  public static final class Builder {
    private final String method;
    private final List<String> segments;
    private Function<String, List<String>> headers = NONE;
    private Function<String, List<String>> query = NONE;
    private Function<String, List<String>> form = NONE;
    private Function<String, List<String>> pathParameters = NONE;
    private java.util.function.Supplier<@org.jspecify.annotations.Nullable String> requestUri =
        () -> null;
    private java.util.function.Supplier<
            java.security.cert.X509Certificate @org.jspecify.annotations.Nullable []>
        clientCertificates = () -> null;
    private @org.jspecify.annotations.Nullable String remoteAddress;
    private @org.jspecify.annotations.Nullable String checkedProof;
    private Dispatch dispatch = Dispatch.REQUEST;
    private Requirement declared = Requirement.NONE;
    private boolean permitAll;

    private Builder(String method, List<String> segments) {
      this.method = Objects.requireNonNull(method, "method").toUpperCase(Locale.ROOT);
      this.segments = segments;
    }

    /** Reads every value of a header by name; the function may return null for none. */
    public Builder headers(Function<String, List<String>> headers) {
      this.headers = Objects.requireNonNull(headers, "headers");
      return this;
    }

    /** Reads the values of a URI query parameter by name, decoded; called only when needed. */
    public Builder queryParameters(Function<String, List<String>> query) {
      this.query = Objects.requireNonNull(query, "query");
      return this;
    }

    /**
     * Reads the values of a form body parameter by name ({@code application/x-www-form-urlencoded}
     * only, none otherwise); called only when needed, since it may consume the body.
     */
    public Builder formParameters(Function<String, List<String>> form) {
      this.form = Objects.requireNonNull(form, "form");
      return this;
    }

    /**
     * Reads the values of a path parameter by name, decoded, as the runtime matched them (JAX-RS
     * {@code UriInfo.getPathParameters()}), for {@link Requirement#inOrganization} requirements the
     * route rules do not bind; the function may return null for none.
     */
    public Builder pathParameters(Function<String, List<String>> pathParameters) {
      this.pathParameters = Objects.requireNonNull(pathParameters, "pathParameters");
      return this;
    }

    /**
     * The absolute request URI as the container received it (scheme, host, port, raw path; the
     * query may be left out), read only to check a DPoP proof's {@code htu}.
     */
    public Builder requestUri(
        java.util.function.Supplier<@org.jspecify.annotations.Nullable String> requestUri) {
      this.requestUri = Objects.requireNonNull(requestUri, "requestUri");
      return this;
    }

    /**
     * The TLS client certificate chain the container verified ({@code
     * jakarta.servlet.request.X509Certificate}), leaf first, or null; read only for a
     * certificate-bound token.
     */
    public Builder clientCertificates(
        java.util.function.Supplier<
                java.security.cert.X509Certificate @org.jspecify.annotations.Nullable []>
            certificates) {
      this.clientCertificates = Objects.requireNonNull(certificates, "certificates");
      return this;
    }

    /**
     * The address of the peer that sent the request (the proxy's, behind one), for trusting a
     * forwarded client certificate; null when unknown.
     */
    public Builder remoteAddress(@org.jspecify.annotations.Nullable String remoteAddress) {
      this.remoteAddress = remoteAddress;
      return this;
    }

    /**
     * The {@code DPoP} header value that an earlier dispatch of this same exchange (the original
     * request, before a forward, include, async or error dispatch) already accepted. When the
     * request presents this very proof it is checked again in full except for the replay check: its
     * one use is this exchange. Null (the default) for a request no dispatch has judged yet.
     */
    public Builder dpopProofChecked(@org.jspecify.annotations.Nullable String proof) {
      this.checkedProof = proof;
      return this;
    }

    /** The dispatcher type; default {@link Dispatch#REQUEST}. */
    public Builder dispatch(Dispatch dispatch) {
      this.dispatch = Objects.requireNonNull(dispatch, "dispatch");
      return this;
    }

    /**
     * What the resource's annotations demand, on top of the route rules; default {@link
     * Requirement#NONE}.
     */
    public Builder declared(Requirement declared) {
      this.declared = Objects.requireNonNull(declared, "declared");
      return this;
    }

    /**
     * Whether the resource's annotations make it public ({@code @PermitAll}): the guard's default
     * {@code required-scopes} then do not apply, though exclude-paths and route rules still do, and
     * a token that is sent must be valid.
     */
    public Builder permitAll(boolean permitAll) {
      this.permitAll = permitAll;
      return this;
    }

    /** The view. */
    public RequestView build() {
      return new RequestView(this);
    }
  }
}
