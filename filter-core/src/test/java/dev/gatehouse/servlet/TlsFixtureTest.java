package dev.gatehouse.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.testkit.MockIssuer;
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
import java.util.Map;
import javax.net.ssl.SSLContext;
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

/** The mutual-TLS fixture against a real Jetty 12 HTTPS connector on 127.0.0.1. */
final class TlsFixtureTest {

  private static TlsFixture tls;
  private static Server server;
  private static URI base;

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
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addServlet(new ServletHolder(new CertificateEcho()), "/*");
    server.setHandler(context);
    server.start();
    base = URI.create("https://127.0.0.1:" + https.getLocalPort() + "/");
  }

  @AfterAll
  static void stop() throws Exception {
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
