package dev.gatehouse.servers;

import dev.gatehouse.testkit.MockIssuer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The sample application laid out as a container deploys it, as {@code maven-war-plugin} would
 * package it: {@code src/main/webapp} with the mock issuer in place of {@code
 * https://idp.example.com}, the module's classes in {@code WEB-INF/classes}, and its compile and
 * runtime dependencies (Gatehouse and what it needs, not the server's APIs) in {@code WEB-INF/lib}.
 * The build tells where each lives through system properties (see the module's failsafe
 * configuration).
 */
final class ExplodedWar {
  /** The issuer that {@code web.xml} names, replaced by the mock issuer's. */
  static final String EXAMPLE_ISSUER = "https://idp.example.com";

  /** Jars the server provides: a copy in the WAR would shadow or clash with the server's. */
  private static final List<String> SERVER_APIS =
      List.of("jakarta.servlet-api", "jakarta.ws.rs-api", "jakarta.annotation-api");

  /** Jars a servlet container provides (Tomcat and Jetty have Jakarta Annotations too). */
  private static final List<String> CONTAINER_APIS =
      List.of("jakarta.servlet-api", "jakarta.annotation-api");

  /**
   * What the web.xml WAR leaves out: the Jakarta Security variant's mechanism, servlet, enterprise
   * bean and Jakarta REST application.
   */
  private static final List<String> WEB_XML_WITHOUT = List.of("filter-jakarta-", "WhoAmI");

  private ExplodedWar() {}

  /** Lays the web.xml WAR out in {@code dir} (replacing what is there) for {@code issuer}. */
  static Path layOut(Path dir, MockIssuer issuer) throws IOException {
    return layOut(dir, issuer, "war.webapp", WEB_XML_WITHOUT, false);
  }

  /**
   * Lays the web.xml WAR out for a servlet container without Jakarta REST (Tomcat, Jetty): the
   * same, with Jersey and the Jakarta REST API it implements (system property {@code
   * war.lib.jersey}) added to {@code WEB-INF/lib}.
   */
  static Path layOutWithJersey(Path dir, MockIssuer issuer) throws IOException {
    return layOut(dir, issuer, "war.webapp", WEB_XML_WITHOUT, true);
  }

  /**
   * Lays out the WAR of the web application at system property {@code webapp}, without the
   * libraries and classes whose file names start with one of {@code without}.
   */
  static Path layOut(Path dir, MockIssuer issuer, String webapp, List<String> without)
      throws IOException {
    return layOut(dir, issuer, webapp, without, false);
  }

  private static Path layOut(
      Path dir, MockIssuer issuer, String webapp, List<String> without, boolean jersey)
      throws IOException {
    delete(dir);
    copyTree(property(webapp), dir);
    copyTree(property("war.classes"), dir.resolve("WEB-INF/classes"));
    boolean named = false;
    for (String file :
        List.of("WEB-INF/web.xml", "WEB-INF/classes/META-INF/microprofile-config.properties")) {
      Path path = dir.resolve(file);
      if (!Files.exists(path)) {
        continue;
      }
      String text = Files.readString(path, StandardCharsets.UTF_8);
      named |= text.contains(EXAMPLE_ISSUER + "/.well-known/jwks.json");
      // The mock issuer serves its JWKS at the same path below the issuer as the example IdP.
      Files.writeString(
          path, text.replace(EXAMPLE_ISSUER, issuer.issuer()), StandardCharsets.UTF_8);
    }
    if (!named) {
      throw new IllegalStateException(
          "neither web.xml nor microprofile-config.properties names " + EXAMPLE_ISSUER);
    }
    Path lib = dir.resolve("WEB-INF/lib");
    copyTree(property("war.lib"), lib);
    if (jersey) {
      copyTree(property("war.lib.jersey"), lib);
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String name = file.getFileName().toString();
        if (Files.isRegularFile(file) && without.stream().anyMatch(name::startsWith)) {
          Files.delete(file);
        }
      }
    }
    checkLibraries(lib, jersey);
    return dir;
  }

  /** The init-params of the servlet named {@code servlet} in the laid-out WAR's {@code web.xml}. */
  static Map<String, String> initParams(Path war, String servlet) throws IOException {
    Document webXml;
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      webXml = factory.newDocumentBuilder().parse(war.resolve("WEB-INF/web.xml").toFile());
    } catch (ParserConfigurationException | SAXException e) {
      throw new IllegalStateException("WEB-INF/web.xml of " + war, e);
    }
    Map<String, String> params = new LinkedHashMap<>();
    NodeList servlets = webXml.getElementsByTagNameNS("*", "servlet");
    for (int i = 0; i < servlets.getLength(); i++) {
      Element element = (Element) servlets.item(i);
      if (!servlet.equals(text(element, "servlet-name"))) {
        continue;
      }
      NodeList initParams = element.getElementsByTagNameNS("*", "init-param");
      for (int j = 0; j < initParams.getLength(); j++) {
        Element param = (Element) initParams.item(j);
        params.put(text(param, "param-name"), text(param, "param-value"));
      }
      return params;
    }
    throw new IllegalStateException(
        "WEB-INF/web.xml of " + war + " declares no servlet " + servlet);
  }

  private static String text(Element parent, String child) {
    return parent.getElementsByTagNameNS("*", child).item(0).getTextContent().strip();
  }

  private static void checkLibraries(Path lib, boolean jersey) throws IOException {
    List<String> jars;
    try (Stream<Path> files = Files.list(lib)) {
      jars = files.map(file -> file.getFileName().toString()).sorted().toList();
    }
    List<String> neededJars =
        jersey
            ? List.of("filter-core-", "jersey-container-servlet-", "jakarta.ws.rs-api-")
            : List.of("filter-core-");
    for (String needed : neededJars) {
      if (jars.stream().noneMatch(jar -> jar.startsWith(needed))) {
        throw new IllegalStateException("WEB-INF/lib lacks " + needed + "*.jar: " + jars);
      }
    }
    for (String api : jersey ? CONTAINER_APIS : SERVER_APIS) {
      if (jars.stream().anyMatch(jar -> jar.startsWith(api + "-"))) {
        throw new IllegalStateException("WEB-INF/lib must not ship " + api + ": " + jars);
      }
    }
  }

  private static Path property(String name) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException("system property " + name + " is not set; run with Maven");
    }
    Path path = Path.of(value);
    if (!Files.isDirectory(path)) {
      throw new IllegalStateException(name + " is not a directory: " + path);
    }
    return path;
  }

  static void copyTree(Path source, Path target) throws IOException {
    try (Stream<Path> files = Files.walk(source)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Path copy = target.resolve(source.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(copy);
        } else {
          Files.copy(file, copy);
        }
      }
    }
  }

  static void delete(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
