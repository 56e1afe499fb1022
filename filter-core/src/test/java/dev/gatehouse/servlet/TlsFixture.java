package dev.gatehouse.servlet;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * A throwaway PKI for mutual-TLS tests (RFC 8705): a CA, a server certificate for 127.0.0.1 (SAN
 * ip:127.0.0.1) and {@link #CLIENTS} client certificates, all signed by the CA and made at test
 * time by the JDK's own {@code keytool}, so no key material is committed and no internal JDK API
 * (which would need {@code --add-exports}) is used.
 *
 * <pre>{@code
 * try (TlsFixture tls = TlsFixture.create()) {
 *   ServerConnector https = new ServerConnector(server,
 *       new SslConnectionFactory(tls.sslContextFactory(), "http/1.1"),
 *       new HttpConnectionFactory(httpConfigWithSecureRequestCustomizer));
 *   HttpClient client = HttpClient.newBuilder().sslContext(tls.clientContext(0)).build();
 * }
 * }</pre>
 *
 * <p>Keys are EC P-256, valid from a day ago for two days. The key stores live in memory; the
 * temporary directory keytool wrote them to is deleted by {@link #close()}. Immutable and
 * thread-safe once created; {@link #sslContextFactory()} and the {@code SSLContext}s are new on
 * each call.
 */
final class TlsFixture implements AutoCloseable {

  /** How many client certificates there are. */
  static final int CLIENTS = 2;

  private static final String PASSWORD = "changeit";
  private static final Duration KEYTOOL_TIMEOUT = Duration.ofSeconds(60);

  private final Path directory;
  private final KeyStore server;
  private final KeyStore trust;
  private final List<KeyStore> clients;
  private final List<X509Certificate> clientCertificates;

  private TlsFixture(Path directory, KeyStore server, KeyStore trust, List<KeyStore> clients)
      throws Exception {
    this.directory = directory;
    this.server = server;
    this.trust = trust;
    this.clients = List.copyOf(clients);
    List<X509Certificate> certificates = new ArrayList<>();
    for (int i = 0; i < CLIENTS; i++) {
      certificates.add((X509Certificate) clients.get(i).getCertificate(client(i)));
    }
    this.clientCertificates = List.copyOf(certificates);
  }

  /**
   * Makes the CA, the server certificate and the client certificates with keytool.
   *
   * @throws IllegalStateException if keytool fails or does not exit in time
   */
  static TlsFixture create() {
    Path directory;
    try {
      directory = Files.createTempDirectory("gatehouse-tls-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary directory", e);
    }
    try {
      keytool(
          directory,
          "-genkeypair",
          "-alias",
          "ca",
          "-dname",
          "CN=Gatehouse Test CA",
          "-ext",
          "bc:c",
          "-ext",
          "ku:c=keyCertSign,cRLSign",
          "-keystore",
          "ca.p12");
      X509Certificate ca = (X509Certificate) load(directory.resolve("ca.p12")).getCertificate("ca");
      KeyStore trust = emptyStore();
      trust.setCertificateEntry("ca", ca);
      KeyStore server =
          leaf(directory, ca, "server", "CN=127.0.0.1", "san=ip:127.0.0.1", "eku=serverAuth");
      List<KeyStore> clients = new ArrayList<>();
      for (int i = 0; i < CLIENTS; i++) {
        clients.add(leaf(directory, ca, client(i), "CN=" + client(i), "eku=clientAuth"));
      }
      return new TlsFixture(directory, server, trust, clients);
    } catch (Exception e) {
      delete(directory);
      throw new IllegalStateException("cannot make the test PKI in " + directory, e);
    }
  }

  /** Returns client certificate {@code i}, from 0 to {@link #CLIENTS} - 1. */
  X509Certificate clientCertificate(int i) {
    return clientCertificates.get(check(i));
  }

  /**
   * Returns a new Jetty server-side factory with the server key and certificate chain, trusting the
   * CA, that asks for a client certificate but does not require one ({@code wantClientAuth}).
   */
  SslContextFactory.Server sslContextFactory() {
    SslContextFactory.Server factory = new SslContextFactory.Server();
    factory.setKeyStore(server);
    factory.setKeyStorePassword(PASSWORD);
    factory.setTrustStore(trust);
    factory.setWantClientAuth(true);
    return factory;
  }

  /**
   * Configures a Tomcat connector for TLS with the server key, trusting the CA, asking for a client
   * certificate without requiring one ({@code certificateVerification="optional"}).
   */
  void configure(org.apache.catalina.connector.Connector connector) {
    connector.setSecure(true);
    connector.setScheme("https");
    connector.setProperty("SSLEnabled", "true");
    org.apache.tomcat.util.net.SSLHostConfig host = new org.apache.tomcat.util.net.SSLHostConfig();
    host.setCertificateVerification("optional");
    host.setTrustStore(trust);
    org.apache.tomcat.util.net.SSLHostConfigCertificate certificate =
        new org.apache.tomcat.util.net.SSLHostConfigCertificate(
            host, org.apache.tomcat.util.net.SSLHostConfigCertificate.Type.UNDEFINED);
    certificate.setCertificateKeystore(server);
    certificate.setCertificateKeystorePassword(PASSWORD);
    host.addCertificate(certificate);
    connector.addSslHostConfig(host);
  }

  /** Returns a client context that presents client certificate {@code i} and trusts the CA. */
  SSLContext clientContext(int i) {
    try {
      KeyManagerFactory keys =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(clients.get(check(i)), PASSWORD.toCharArray());
      return context(keys.getKeyManagers());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot make the client context " + i, e);
    }
  }

  /** Returns a client context that trusts the CA and has no certificate to present. */
  SSLContext anonymousClientContext() {
    try {
      return context(new KeyManager[0]);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot make the anonymous client context", e);
    }
  }

  /** Where keytool wrote the key stores; gone after {@link #close()}. */
  Path directory() {
    return directory;
  }

  /** Deletes the temporary directory. Closing again does nothing. */
  @Override
  public void close() {
    delete(directory);
  }

  private SSLContext context(KeyManager[] keyManagers) throws GeneralSecurityException {
    TrustManagerFactory trusted =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trusted.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keyManagers, trusted.getTrustManagers(), null);
    return context;
  }

  private static int check(int i) {
    if (i < 0 || i >= CLIENTS) {
      throw new IllegalArgumentException("client must be from 0 to " + (CLIENTS - 1) + ": " + i);
    }
    return i;
  }

  private static String client(int i) {
    return "client-" + i;
  }

  /** A key pair for {@code alias} with a certificate the CA signed, in memory with its chain. */
  private static KeyStore leaf(
      Path directory, X509Certificate ca, String alias, String dname, String... extensions)
      throws Exception {
    String store = alias + ".p12";
    keytool(directory, "-genkeypair", "-alias", alias, "-dname", dname, "-keystore", store);
    keytool(directory, "-certreq", "-alias", alias, "-keystore", store, "-file", alias + ".csr");
    List<String> gencert =
        new ArrayList<>(
            List.of(
                "-gencert",
                "-alias",
                "ca",
                "-keystore",
                "ca.p12",
                "-infile",
                alias + ".csr",
                "-outfile",
                alias + ".crt",
                "-rfc"));
    for (String extension : extensions) {
      gencert.add("-ext");
      gencert.add(extension);
    }
    keytool(directory, gencert.toArray(String[]::new));
    KeyStore generated = load(directory.resolve(store));
    X509Certificate certificate;
    try (InputStream in = Files.newInputStream(directory.resolve(alias + ".crt"))) {
      certificate =
          (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
    KeyStore chain = emptyStore();
    chain.setKeyEntry(
        alias,
        generated.getKey(alias, PASSWORD.toCharArray()),
        PASSWORD.toCharArray(),
        new Certificate[] {certificate, ca});
    return chain;
  }

  /**
   * Runs keytool in {@code directory} with PKCS12 stores under one password, waits a bounded time
   * for it to exit, and fails with its output if it does not exit 0.
   */
  private static void keytool(Path directory, String... arguments) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    // A short-lived JVM: a third less start-up time, ten times over.
    command.addAll(List.of("-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC"));
    command.addAll(List.of(arguments));
    command.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD));
    if (arguments[0].equals("-genkeypair")) {
      command.addAll(List.of("-keyalg", "EC", "-groupname", "secp256r1"));
    }
    if (!arguments[0].equals("-certreq")) {
      command.addAll(List.of("-startdate", "-1d", "-validity", "2"));
    }
    Path log = directory.resolve("keytool.log");
    Process process =
        new ProcessBuilder(command)
            .directory(directory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    // Nothing to answer: a keytool that asks for anything fails on end of input, not hangs.
    process.getOutputStream().close();
    if (!process.waitFor(KEYTOOL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new IllegalStateException(
          "keytool did not exit within " + KEYTOOL_TIMEOUT + ": " + command);
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException(
          "keytool exited "
              + process.exitValue()
              + ": "
              + command
              + "\n"
              + Files.readString(log, StandardCharsets.UTF_8));
    }
  }

  private static KeyStore load(Path path) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(path)) {
      store.load(in, PASSWORD.toCharArray());
    }
    return store;
  }

  private static KeyStore emptyStore() throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    return store;
  }

  private static void delete(Path directory) {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + directory, e);
    }
  }
}
