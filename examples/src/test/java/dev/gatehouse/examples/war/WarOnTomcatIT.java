package dev.gatehouse.examples.war;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.examples.ScenarioCheck;
import dev.gatehouse.examples.Scenarios;
import dev.gatehouse.testkit.MockIssuer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.scan.StandardJarScanner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The WAR example, configured by {@code web.xml} init-params only, deployed into a real Tomcat (11,
 * and 10.1 in a second failsafe run) answers the same scenarios as the embedded examples (issue 6).
 */
final class WarOnTomcatIT {
  private static MockIssuer issuer;
  private static ExplodedWar war;
  private static Path baseDir;
  private static Tomcat tomcat;
  private static Context context;
  private static URI base;

  @BeforeAll
  static void deploy() throws Exception {
    issuer = MockIssuer.start();
    war = ExplodedWar.forIssuer(issuer);
    baseDir = Files.createTempDirectory("gatehouse-war-tomcat-");
    tomcat = new Tomcat();
    tomcat.setBaseDir(baseDir.toString());
    // Only what web.xml declares: no default servlet, no JSP.
    tomcat.setAddDefaultWebXmlToWebapp(false);
    Connector connector = new Connector();
    connector.setProperty("address", "127.0.0.1");
    connector.setPort(0);
    tomcat.setConnector(connector);
    context = tomcat.addWebapp("", war.dir().toString());
    // The WAR's own jars only, not the test class path.
    ((StandardJarScanner) context.getJarScanner()).setScanClassPath(false);
    tomcat.start();
    assertThat(context.getState().isAvailable()).as("web application started").isTrue();
    base = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/");
  }

  @AfterAll
  static void undeploy() throws Exception {
    if (tomcat != null) {
      tomcat.stop();
      tomcat.destroy();
    }
    if (war != null) {
      war.close();
    }
    if (issuer != null) {
      issuer.close();
    }
    if (baseDir != null) {
      try (var files = Files.walk(baseDir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }

  @Test
  void answersEveryScenarioOfTheEmbeddedExamples() {
    ScenarioCheck.runAll(base, Scenarios.servletApi(issuer));
  }

  @Test
  void filterAndServletComeFromTheWarNotTheServer() throws Exception {
    ClassLoader webapp = context.getLoader().getClassLoader();
    assertThat(webapp.loadClass("dev.gatehouse.servlet.RequireAuthFilter").getClassLoader())
        .isSameAs(webapp);
    assertThat(webapp.loadClass("dev.gatehouse.examples.ApiServlet").getClassLoader())
        .isSameAs(webapp);
  }
}
