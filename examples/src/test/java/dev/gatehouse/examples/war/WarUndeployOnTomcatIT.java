package dev.gatehouse.examples.war;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.examples.ScenarioCheck;
import dev.gatehouse.examples.Scenarios;
import dev.gatehouse.testkit.MockIssuer;
import java.lang.ref.WeakReference;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.scan.StandardJarScanner;
import org.junit.jupiter.api.Test;

/**
 * Issue 12: the WAR, used (keys fetched, tokens verified and cached on Tomcat's threads) and then
 * undeployed, leaves nothing Tomcat's own leak detection can see: no thread started by the
 * application still running with its class loader, no ThreadLocal holding its classes. The JDK
 * internals that detection inspects are opened ({@code --add-opens} in the failsafe configuration),
 * so it runs fully and asks for nothing. And nothing at all keeps the application: its class loader
 * is collected (waited for with a deadline, collecting garbage until it is). Two JDK 17 holders
 * that Tomcat's detection cannot see were found this way: the HTTP client's selector thread, whose
 * inherited access control context names the application's protection domain and which a pooled
 * keep-alive connection kept alive through the fetcher; and the method handle cache behind records'
 * default {@code equals} and {@code hashCode}.
 */
final class WarUndeployOnTomcatIT {
  /** Collects what Tomcat logs at WARNING and above. */
  private static final class Records extends Handler {
    final List<String> messages = new CopyOnWriteArrayList<>();

    @Override
    public void publish(LogRecord record) {
      if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
        messages.add(String.valueOf(record.getMessage()));
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }

  @Test
  void undeployLeavesNothingTomcatsLeakDetectionReports() throws Exception {
    Logger catalina = Logger.getLogger("org.apache.catalina");
    Records records = new Records();
    catalina.addHandler(records);
    Path baseDir = Files.createTempDirectory("gatehouse-war-undeploy-");
    Tomcat tomcat = new Tomcat();
    try (MockIssuer issuer = MockIssuer.start();
        ExplodedWar war = ExplodedWar.forIssuer(issuer)) {
      tomcat.setBaseDir(baseDir.toString());
      tomcat.setAddDefaultWebXmlToWebapp(false);
      Connector connector = new Connector();
      connector.setProperty("address", "127.0.0.1");
      connector.setPort(0);
      tomcat.setConnector(connector);
      Context context = tomcat.addWebapp("", war.dir().toString());
      ((StandardJarScanner) context.getJarScanner()).setScanClassPath(false);
      tomcat.start();
      assertThat(context.getState().isAvailable()).as("web application started").isTrue();
      URI base = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/");
      ScenarioCheck.runAll(base, Scenarios.servletApi(issuer));
      WeakReference<ClassLoader> loader = new WeakReference<>(context.getLoader().getClassLoader());

      tomcat.getHost().removeChild(context);
      boolean available = context.getState().isAvailable();
      context = null;

      assertThat(available).as("web application stopped").isFalse();
      assertThat(records.messages)
          .as("Tomcat's leak reports")
          .noneMatch(
              message ->
                  message.contains("memory leak")
                      || message.contains("failed to stop")
                      || message.contains("ThreadLocal")
                      || message.contains("--add-opens"));
      // Nothing at all keeps the application's classes: its class loader is collected.
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
      while (loader.get() != null && System.nanoTime() < deadline) {
        System.gc();
        java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
      }
      assertThat(loader.get()).as("the web application's class loader, after undeploy").isNull();
    } finally {
      catalina.removeHandler(records);
      tomcat.stop();
      tomcat.destroy();
      try (var files = Files.walk(baseDir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }
}
