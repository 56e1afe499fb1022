package dev.gatehouse.servers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testkit.MockIssuer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The sample WAR, the same as on Payara, on a real Open Liberty, started as a process of its own,
 * answering as {@link ServerContract} requires. The server has the features the WAR needs and no
 * server-side security: Gatehouse's {@code BearerAuthFilter} enforces {@code @RolesAllowed} itself
 * (the README records what {@code appSecurity-5.0} changes).
 */
final class OpenLibertyIT extends WebXmlWarContract {
  /**
   * The mapping Liberty does not derive from {@code @ApplicationPath} for the servlet that {@code
   * web.xml} names after the application class: without it that servlet fails its {@code init()}
   * ({@code NullPointerException} in {@code RestfulWSUtils.logEndpoints}: "servletMapping is null")
   * and every {@code /api} path answers 404.
   */
  private static final String APPLICATION_MAPPING =
      "  <servlet-mapping>\n"
          + "    <servlet-name>dev.gatehouse.servers.BooksApplication</servlet-name>\n"
          + "    <url-pattern>/api/*</url-pattern>\n"
          + "  </servlet-mapping>\n";

  /**
   * Servlets and Jakarta REST (which brings CDI with it), and MicroProfile Config, where RESTEasy's
   * {@code BearerAuthFilter} finds its settings.
   */
  static final List<String> FEATURES = List.of("servlet-6.0", "restfulWS-3.1", "mpConfig-3.1");

  /**
   * Jakarta REST brings CDI, which would make a bean, and so a proxy, of every class in a WAR
   * without {@code beans.xml}; Weld cannot proxy the WAR's final {@code Application} and resources
   * ({@code WELD-001437}, every {@code /api} path 500).
   */
  static final String NO_IMPLICIT_BEANS = "  <cdi enableImplicitBeanArchives=\"false\"/>\n";

  @Override
  String name() {
    return "liberty";
  }

  @Override
  Path layOut(Path dir, MockIssuer issuer) throws IOException {
    return mapApplicationServlet(ExplodedWar.layOut(dir, issuer));
  }

  @Override
  Deployed start(Path war, Path work) throws Exception {
    Path wlp = Path.of(System.getProperty("openliberty.home", "openliberty.home is not set"));
    return OpenLiberty.start(
        wlp, FEATURES, NO_IMPLICIT_BEANS, war, work, "gatehouse", "/api/health");
  }

  /** Adds {@link #APPLICATION_MAPPING} to the laid-out WAR, and nothing else. */
  private static Path mapApplicationServlet(Path war) throws IOException {
    Path webXml = war.resolve("WEB-INF/web.xml");
    String text = Files.readString(webXml, StandardCharsets.UTF_8);
    if (text.contains("<servlet-mapping>\n    <servlet-name>dev.gatehouse.servers.BooksApplication")
        || !text.contains("</web-app>")) {
      throw new IllegalStateException("web.xml changed: revisit the mapping added for Liberty");
    }
    Files.writeString(
        webXml,
        text.replace("</web-app>", APPLICATION_MAPPING + "</web-app>"),
        StandardCharsets.UTF_8);
    return war;
  }

  @Override
  List<String> errorMarkers() {
    return List.of("Exception");
  }

  @Test
  void libertyLoggedNoErrorMessage() {
    // Liberty's messages end in E for errors (CWWKZ0002E: the application failed to start).
    assertThat(serverLog()).doesNotContainPattern("[A-Z]{4}[0-9]{4}E:");
  }
}
