package dev.gatehouse.examples.war;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.examples.ScenarioCheck;
import dev.gatehouse.examples.Scenarios;
import dev.gatehouse.testkit.MockIssuer;
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
 * so it runs fully and asks for nothing.
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

      tomcat.getHost().removeChild(context);

      assertThat(context.getState().isAvailable()).as("web application stopped").isFalse();
      assertThat(records.messages)
          .as("Tomcat's leak reports")
          .noneMatch(
              message ->
                  message.contains("memory leak")
                      || message.contains("failed to stop")
                      || message.contains("ThreadLocal")
                      || message.contains("--add-opens"));
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
