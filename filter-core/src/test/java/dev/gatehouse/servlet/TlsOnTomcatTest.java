package dev.gatehouse.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.Guard;
import dev.gatehouse.IssuerPolicy;
import dev.gatehouse.TokenVerifier;
import dev.gatehouse.testkit.MockIssuer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Certificate-bound tokens (RFC 8705 §3) over real mutual TLS on Tomcat, as {@code TlsFixtureTest}
 * checks them on Jetty: the token passes with its own certificate only.
 */
final class TlsOnTomcatTest {
  private static TlsFixture tls;
  private static Tomcat tomcat;
  private static Path base;
  private static URI uri;
  private static MockIssuer issuer;
  private static TokenVerifier verifier;

  @BeforeAll
  static void start() throws Exception {
    tls = TlsFixture.create();
    issuer = MockIssuer.start();
    verifier =
        TokenVerifier.builder()
            .issuer(
                IssuerPolicy.builder(issuer.issuer())
                    .audiences("api")
                    .jwksUri(issuer.jwksUri())
                    .build())
            .build();
    base = Files.createTempDirectory("gatehouse-tomcat-tls");
    tomcat = new Tomcat();
    tomcat.setBaseDir(base.toString());
    Connector connector = new Connector();
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tls.configure(connector);
    tomcat.getService().addConnector(connector);
    Context context = tomcat.addContext("", base.toString());
    FilterDef def = new FilterDef();
    def.setFilterName("gatehouse");
    def.setFilter(new RequireAuthFilter(Guard.builder(verifier).build()));
    context.addFilterDef(def);
    FilterMap map = new FilterMap();
    map.setFilterName("gatehouse");
    map.addURLPattern("/*");
    context.addFilterMap(map);
    Tomcat.addServlet(context, "echo", new TlsFixtureTest.CertificateEcho());
    context.addServletMappingDecoded("/", "echo");
    tomcat.start();
    uri = URI.create("https://127.0.0.1:" + connector.getLocalPort() + "/api");
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      tomcat.stop();
      tomcat.destroy();
    } finally {
      verifier.close();
      issuer.close();
      tls.close();
      try (var files = Files.walk(base)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void aCertificateBoundTokenPassesOnlyWithItsCertificate() throws Exception {
    String bound = issuer.token().certificateBound(tls.clientCertificate(0)).sign();
    HttpResponse<String> own = send(tls.clientContext(0), bound);
    assertThat(own.statusCode()).isEqualTo(200);
    assertThat(own.body()).isEqualTo(TlsFixtureTest.thumbprint(tls.clientCertificate(0)));
    for (SSLContext other : List.of(tls.clientContext(1), tls.anonymousClientContext())) {
      HttpResponse<String> refused = send(other, bound);
      assertThat(refused.statusCode()).isEqualTo(401);
      assertThat(refused.body()).contains("token is not bound to the client certificate");
    }
    assertThat(send(tls.anonymousClientContext(), issuer.token("alice")).statusCode())
        .isEqualTo(200);
  }

  private static HttpResponse<String> send(SSLContext context, String token) throws Exception {
    HttpClient client =
        HttpClient.newBuilder()
            .sslContext(context)
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    return client.send(
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(10))
            .header("Authorization", "Bearer " + token)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
