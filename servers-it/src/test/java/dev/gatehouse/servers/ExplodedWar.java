package dev.gatehouse.servers;

import dev.gatehouse.testkit.MockIssuer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

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

  private ExplodedWar() {}

  /** Lays the WAR out in {@code dir} (replacing what is there) for {@code issuer}. */
  static Path layOut(Path dir, MockIssuer issuer) throws IOException {
    delete(dir);
    copyTree(property("war.webapp"), dir);
    Path webXml = dir.resolve("WEB-INF/web.xml");
    String text = Files.readString(webXml, StandardCharsets.UTF_8);
    if (!text.contains(EXAMPLE_ISSUER + "/.well-known/jwks.json")) {
      throw new IllegalStateException(
          "web.xml no longer names " + EXAMPLE_ISSUER + "; update this test");
    }
    // The mock issuer serves its JWKS at the same path below the issuer as the example IdP.
    Files.writeString(
        webXml, text.replace(EXAMPLE_ISSUER, issuer.issuer()), StandardCharsets.UTF_8);
    copyTree(property("war.classes"), dir.resolve("WEB-INF/classes"));
    Path lib = dir.resolve("WEB-INF/lib");
    copyTree(property("war.lib"), lib);
    checkLibraries(lib);
    return dir;
  }

  private static void checkLibraries(Path lib) throws IOException {
    List<String> jars;
    try (Stream<Path> files = Files.list(lib)) {
      jars = files.map(file -> file.getFileName().toString()).sorted().toList();
    }
    for (String needed : List.of("filter-core-", "filter-jaxrs-")) {
      if (jars.stream().noneMatch(jar -> jar.startsWith(needed))) {
        throw new IllegalStateException("WEB-INF/lib lacks " + needed + "*.jar: " + jars);
      }
    }
    for (String api : SERVER_APIS) {
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

  private static void copyTree(Path source, Path target) throws IOException {
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

  private static void delete(Path dir) {
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
