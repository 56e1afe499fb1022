package dev.gatehouse.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.Guard;
import dev.gatehouse.IssuerPolicy;
import dev.gatehouse.TokenVerifier;
import dev.gatehouse.testkit.MockIssuer;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Mutual TLS on a real Jetty 12 HTTPS connector on 127.0.0.1: the fixture, and certificate-bound
 * tokens (RFC 8705 §3) behind {@code RequireAuthFilter}, over the connection and through a trusted
 * proxy's header on a plain connector.
 */
final class TlsFixtureTest {

  private static TlsFixture tls;
  private static Server server;
  private static URI base;
  private static URI plain;
  private static MockIssuer issuer;
  private static TokenVerifier verifier;

  @BeforeAll
  static void start() throws Exception {
    tls = TlsFixture.create();
    server = new Server();
    HttpConfiguration http = new HttpConfiguration();
    SecureRequestCustomizer secure = new SecureRequestCustomizer();
    // The client sends no SNI for an IP address; Jetty's default check would then refuse it.
    secure.setSniHostCheck(false);
    http.addCustomizer(secure);
    ServerConnector https =
        new ServerConnector(
            server,
            new SslConnectionFactory(tls.sslContextFactory(), "http/1.1"),
            new HttpConnectionFactory(http));
    https.setHost("127.0.0.1");
    https.setPort(0);
    server.addConnector(https);
    ServerConnector proxied = new ServerConnector(server);
    proxied.setHost("127.0.0.1");
    proxied.setPort(0);
    server.addConnector(proxied);
    issuer = MockIssuer.start();
    verifier =
        TokenVerifier.builder()
            .issuer(
                IssuerPolicy.builder(issuer.issuer())
                    .audiences("api")
                    .jwksUri(issuer.jwksUri())
                    .build())
            .build();
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addServlet(new ServletHolder(new CertificateEcho()), "/*");
    filter(
        context, "/api/*", Guard.builder(verifier).certificateBoundPaths(List.of("/api/bound/*")));
    filter(
        context,
        "/proxied/*",
        Guard.builder(verifier)
            .clientCertificateHeader("Client-Cert", List.of("127.0.0.1", "::1")));
    filter(
        context,
        "/untrusted/*",
        Guard.builder(verifier).clientCertificateHeader("Client-Cert", List.of("10.9.8.7")));
    server.setHandler(context);
    server.start();
    base = URI.create("https://127.0.0.1:" + https.getLocalPort() + "/");
    plain = URI.create("http://127.0.0.1:" + proxied.getLocalPort() + "/");
  }

  private static void filter(ServletContextHandler context, String path, Guard.Builder guard) {
    context.addFilter(
        new FilterHolder(new RequireAuthFilter(guard.build())),
        path,
        EnumSet.of(DispatcherType.REQUEST));
  }

  @AfterAll
  static void stop() throws Exception {
    if (issuer != null) {
      issuer.close();
      verifier.close();
    }
    try {
      if (server != null) {
        server.stop();
      }
    } finally {
      if (tls != null) {
        tls.close();
        assertThat(tls.directory()).doesNotExist();
      }
    }
  }

  @Test
  void clientCertificateReachesTheServlet() throws Exception {
    HttpResponse<String> response = get(tls.clientContext(0));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body())
        .isEqualTo(thumbprint(tls.clientCertificate(0)))
        .isNotEqualTo(thumbprint(tls.clientCertificate(1)));
  }

  @Test
  void eachClientPresentsItsOwnCertificate() throws Exception {
    assertThat(get(tls.clientContext(1)).body()).isEqualTo(thumbprint(tls.clientCertificate(1)));
  }

  @Test
  void anonymousClientIsServedWithoutACertificate() throws Exception {
    HttpResponse<String> response = get(tls.anonymousClientContext());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("none");
  }

  @Test
  void certificateBoundTokenCarriesTheThumbprintTheServerSees() throws Exception {
    String seen = get(tls.clientContext(0)).body();

    try (MockIssuer issuer = MockIssuer.start()) {
      String token = issuer.token().certificateBound(tls.clientCertificate(0)).sign();
      JsonWebSignature jws = new JsonWebSignature();
      jws.setCompactSerialization(token);
      Object cnf = JwtClaims.parse(jws.getUnverifiedPayload()).getClaimValue("cnf");

      assertThat(cnf).isEqualTo(Map.of("x5t#S256", seen));
    }
  }

  @Test
  void clientCertificatesAreDistinctAndSignedByTheCa() throws Exception {
    X509Certificate first = tls.clientCertificate(0);
    X509Certificate second = tls.clientCertificate(1);

    assertThat(first.getSubjectX500Principal()).isNotEqualTo(second.getSubjectX500Principal());
    assertThat(first.getIssuerX500Principal().getName()).isEqualTo("CN=Gatehouse Test CA");
    assertThat(first.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
    first.checkValidity();
    assertThat(Files.isDirectory(tls.directory())).isTrue();
  }

  @Test
  void unknownClientIsRejected() {
    assertThatThrownBy(() -> tls.clientCertificate(TlsFixture.CLIENTS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2");
    assertThatThrownBy(() -> tls.clientContext(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aCertificateBoundTokenPassesOnlyOverItsCertificatesConnection() throws Exception {
    String bound = issuer.token().certificateBound(tls.clientCertificate(0)).sign();
    assertThat(send(tls.clientContext(0), base.resolve("api/x"), bound).statusCode())
        .isEqualTo(200);
    for (SSLContext other : List.of(tls.clientContext(1), tls.anonymousClientContext())) {
      HttpResponse<String> refused = send(other, base.resolve("api/x"), bound);
      assertThat(refused.statusCode()).isEqualTo(401);
      assertThat(refused.headers().firstValue("WWW-Authenticate").orElseThrow())
          .isEqualTo(
              "Bearer error=\"invalid_token\", error_description=\"token is not bound to the client"
                  + " certificate\"");
    }
    // A plain token still passes where no binding is asked, and never where it is.
    String unbound = issuer.token("alice");
    assertThat(send(tls.clientContext(0), base.resolve("api/x"), unbound).statusCode())
        .isEqualTo(200);
    HttpResponse<String> required =
        send(tls.clientContext(0), base.resolve("api/bound/x"), unbound);
    assertThat(required.statusCode()).isEqualTo(401);
    assertThat(required.body()).contains("a certificate-bound token is required");
    assertThat(send(tls.clientContext(0), base.resolve("api/bound/x"), bound).statusCode())
        .isEqualTo(200);
    // A cnf that is not a thumbprint string binds to nothing.
    String odd = issuer.token().claim("cnf", Map.of("x5t#S256", 42)).sign();
    assertThat(send(tls.clientContext(0), base.resolve("api/x"), odd).statusCode()).isEqualTo(401);
  }

  @Test
  void aTrustedProxysCertificateHeaderCountsAndNobodyElses() throws Exception {
    X509Certificate certificate = tls.clientCertificate(0);
    String bound = issuer.token().certificateBound(certificate).sign();
    String der = ":" + Base64.getEncoder().encodeToString(certificate.getEncoded()) + ":";
    String pem =
        java.net.URLEncoder.encode(
            "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder().encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n",
            java.nio.charset.StandardCharsets.US_ASCII);
    for (String header : List.of(der, pem)) {
      assertThat(viaProxy("proxied/x", bound, header).statusCode()).isEqualTo(200);
      // The same header from an address that is not a trusted proxy is ignored.
      assertThat(viaProxy("untrusted/x", bound, header).statusCode()).isEqualTo(401);
    }
    String other =
        ":" + Base64.getEncoder().encodeToString(tls.clientCertificate(1).getEncoded()) + ":";
    assertThat(viaProxy("proxied/x", bound, other).statusCode()).isEqualTo(401);
    assertThat(viaProxy("proxied/x", bound, ":bm90IGEgY2VydGlmaWNhdGU=:").statusCode())
        .isEqualTo(401);
    assertThat(viaProxy("proxied/x", bound, null).statusCode()).isEqualTo(401);
  }

  private static HttpResponse<String> viaProxy(String path, String token, String certificate)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(plain.resolve(path))
            .timeout(Duration.ofSeconds(10))
            .header("Authorization", "Bearer " + token);
    if (certificate != null) {
      request.header("Client-Cert", certificate);
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> send(SSLContext context, URI uri, String token)
      throws Exception {
    HttpClient client =
        HttpClient.newBuilder()
            .sslContext(context)
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(10))
            .header("Authorization", "Bearer " + token)
            .build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(SSLContext context) throws Exception {
    HttpClient client =
        HttpClient.newBuilder()
            .sslContext(context)
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    HttpRequest request = HttpRequest.newBuilder(base).timeout(Duration.ofSeconds(10)).build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** RFC 8705 section 3.1: base64url, unpadded, of the SHA-256 of the certificate's DER. */
  static String thumbprint(X509Certificate certificate) throws CertificateEncodingException {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
      return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Echoes the SHA-256 thumbprint of the client's certificate, or "none". */
  static final class CertificateEcho extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      Object chain = req.getAttribute("jakarta.servlet.request.X509Certificate");
      resp.setContentType("text/plain");
      try {
        resp.getWriter()
            .print(
                chain instanceof X509Certificate[] certificates && certificates.length > 0
                    ? thumbprint(certificates[0])
                    : "none");
      } catch (CertificateEncodingException e) {
        resp.sendError(500);
      }
    }
  }
}
