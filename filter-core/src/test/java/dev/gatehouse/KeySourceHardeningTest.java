package dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.jwks.JwksSettings;
import dev.gatehouse.testkit.MockIssuer;
import dev.gatehouse.testkit.TestClock;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 12's key-source hardening: cold start, cancelled fetches, loopback, credentials, issuers.
 */
final class KeySourceHardeningTest {
  @Test
  void afterAFailedFirstFetchRequestsAreRefusedAtOnceWhileTheRetryRuns() throws Exception {
    TestClock clock = TestClock.now();
    ExecutorService caller = Executors.newSingleThreadExecutor();
    try (MockIssuer issuer = MockIssuer.builder().clock(clock).start()) {
      KeySource keys =
          KeySource.shared(
              issuer.jwksUri(), JwksSettings.DEFAULTS.withTimeout(Duration.ofSeconds(30)), clock);
      try {
        issuer.jwks().respondWith(500);
        assertUnavailable(keys, issuer);
        issuer.jwks().reset().hang();
        clock.advance(Duration.ofMinutes(2));

        // The retry starts and hangs for up to 30 s; the request must not wait for it.
        Future<?> second = caller.submit(() -> assertUnavailable(keys, issuer));
        second.get(10, TimeUnit.SECONDS);
        assertThat(keys.status().failureStreak()).isEqualTo(1);
      } finally {
        issuer.jwks().release();
        keys.release();
      }
    } finally {
      caller.shutdownNow();
    }
  }

  private static void assertUnavailable(KeySource keys, MockIssuer issuer) {
    assertThatThrownBy(() -> keys.keys(issuer.signingKid(), "ES256"))
        .isInstanceOfSatisfying(
            AuthException.class,
            e -> assertThat(e.failure().reason()).isEqualTo(FailureReason.KEYS_UNAVAILABLE));
  }

  @Test
  void timedOutFetchesCloseTheirConnections() throws Exception {
    int fetches = 5;
    CountDownLatch closed = new CountDownLatch(fetches);
    AtomicInteger accepted = new AtomicInteger();
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread acceptor =
          new Thread(
              () -> {
                while (!server.isClosed()) {
                  try {
                    Socket socket = server.accept();
                    accepted.incrementAndGet();
                    Thread worker = new Thread(() -> trickle(socket, closed));
                    worker.setDaemon(true);
                    worker.start();
                  } catch (IOException e) {
                    return;
                  }
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      HttpFetcher fetcher = new HttpFetcher(Duration.ofMillis(300), 1 << 20);
      URI uri = URI.create("http://127.0.0.1:" + server.getLocalPort() + "/jwks");
      for (int i = 0; i < fetches; i++) {
        assertThatThrownBy(() -> fetcher.get(uri, null, null).get(10, TimeUnit.SECONDS))
            .hasRootCauseInstanceOf(java.util.concurrent.TimeoutException.class);
      }

      // Every connection the fetcher opened is closed by the fetcher, not left to the peer.
      assertThat(closed.await(10, TimeUnit.SECONDS)).as("connections closed").isTrue();
      assertThat(accepted.get()).isEqualTo(fetches);
    }
  }

  /** Sends headers and then one body byte at a time, until the client closes the connection. */
  private static void trickle(Socket socket, CountDownLatch closed) {
    try (socket) {
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[4096];
      in.read(buffer);
      OutputStream out = socket.getOutputStream();
      out.write(
          "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"
              .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      socket.setSoTimeout(100);
      while (true) {
        try {
          if (in.read() < 0) {
            break;
          }
        } catch (java.net.SocketTimeoutException stillOpen) {
          out.write(' ');
          out.flush();
        }
      }
    } catch (IOException e) {
      // a reset or broken pipe: the client closed the connection
    }
    closed.countDown();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "localhost",
        "LOCALHOST",
        "127.0.0.1",
        "127.255.255.254",
        "127.1.2.3",
        "[::1]",
        "[0:0:0:0:0:0:0:1]",
        "[0::1]"
      })
  void loopbackLiteralsAreLoopback(String host) {
    assertThat(Locations.isLoopback(host)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "127.attacker.example",
        "127.0.0.1.nip.io",
        "localhost.attacker.example",
        "127.1",
        "127.0.0.256",
        "0x7f.0.0.1",
        "128.0.0.1",
        "10.0.0.1",
        "[::2]",
        "[::ffff:127.0.0.1]",
        "[::1%eth0]"
      })
  void namesAndOtherAddressesAreNotLoopback(String host) {
    assertThat(Locations.isLoopback(host)).isFalse();
    assertThat(Locations.isAllowed(URI.create("http://" + host + "/jwks"))).isFalse();
  }

  @Test
  void credentialsInAJwksUriAreRefusedWithoutBeingEchoed() {
    URI withCredentials = URI.create("https://user:s3cret@idp.example.com/jwks");

    assertThatThrownBy(
            () -> IssuerPolicy.builder("https://idp.example.com").jwksUri(withCredentials))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jwksUri must not contain user information")
        .hasMessageNotContaining("s3cret")
        .hasMessageNotContaining("user:");
    assertThatThrownBy(
            () -> KeySource.shared(withCredentials, JwksSettings.DEFAULTS, TestClock.now()))
        .hasMessageNotContaining("s3cret");
    assertThatThrownBy(() -> IssuerPolicy.builder("https://user:s3cret@idp.example.com"))
        .hasMessageNotContaining("s3cret");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://idp.example.com/tenant?x=1",
        "https://idp.example.com/tenant#frag",
        "https://idp.example.com/?"
      })
  void issuersWithAQueryOrFragmentAreRefused(String issuer) {
    assertThatThrownBy(() -> IssuerPolicy.builder(issuer))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("query or a fragment");
  }

  @Test
  void wellKnownUrlsFollowUriPathRules() {
    assertThat(Discovery.openIdConfiguration("https://idp.example.com/tenant/"))
        .isEqualTo(URI.create("https://idp.example.com/tenant/.well-known/openid-configuration"));
    assertThat(Discovery.below("https://idp.example.com:8443", "/jwks"))
        .isEqualTo(URI.create("https://idp.example.com:8443/jwks"));
  }

  @Test
  void aFixedJwksUriAndADiscoveryIssuerWithTheSameTextAreDifferentSources() {
    TestClock clock = TestClock.now();
    try (MockIssuer issuer = MockIssuer.builder().clock(clock).start()) {
      URI same = issuer.issuerUri();
      KeySource fixed = KeySource.shared(same, JwksSettings.DEFAULTS, clock);
      KeySource discovered =
          KeySource.discovered(same.toString(), null, JwksSettings.DEFAULTS, clock);
      try {
        assertThat(discovered).isNotSameAs(fixed);
        assertThat(discovered.status().location())
            .isEqualTo(URI.create(issuer.issuer() + "/.well-known/openid-configuration"));
      } finally {
        fixed.release();
        discovered.release();
      }
    }
  }
}
