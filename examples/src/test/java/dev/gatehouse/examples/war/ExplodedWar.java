package dev.gatehouse.examples.war;

import com.fasterxml.jackson.core.JsonFactory;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.gatehouse.examples.ApiServlet;
import dev.gatehouse.servlet.RequireAuthFilter;
import dev.gatehouse.testkit.MockIssuer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.jose4j.jwt.JwtClaims;
import org.slf4j.Logger;
import org.slf4j.simple.SimpleLogger;

/**
 * The WAR example laid out as a container deploys it, in a temporary directory: {@code
 * src/main/webapp} with the mock issuer in place of {@code https://idp.example.com}, {@link
 * ApiServlet} in {@code WEB-INF/classes}, and Gatehouse with its run-time dependencies in {@code
 * WEB-INF/lib}, as {@code maven-war-plugin} would package them. The container loads all of them
 * through the web application's own class loader.
 */
final class ExplodedWar implements AutoCloseable {
  /** The issuer that {@code web.xml} names, replaced by the mock issuer's. */
  static final String EXAMPLE_ISSUER = "https://idp.example.com";

  /**
   * One class from each jar a WAR using Gatehouse ships: filter-core, what it needs at run time,
   * and a logging backend.
   */
  private static final List<Class<?>> LIBRARIES =
      List.of(
          RequireAuthFilter.class,
          JwtClaims.class,
          JsonFactory.class,
          Caffeine.class,
          Logger.class,
          SimpleLogger.class);

  private final Path dir;

  private ExplodedWar(Path dir) {
    this.dir = dir;
  }

  /** Lays out the WAR for {@code issuer}. */
  static ExplodedWar forIssuer(MockIssuer issuer) throws IOException {
    Path dir = Files.createTempDirectory("gatehouse-war-");
    Path webInf = Files.createDirectories(dir.resolve("WEB-INF"));
    String webXml =
        Files.readString(Path.of("src/main/webapp/WEB-INF/web.xml"), StandardCharsets.UTF_8);
    if (!webXml.contains(EXAMPLE_ISSUER + "/.well-known/jwks.json")) {
      throw new IllegalStateException(
          "web.xml no longer names " + EXAMPLE_ISSUER + "; update this test");
    }
    // The mock issuer serves its JWKS at the same path below the issuer as the example IdP.
    Files.writeString(
        webInf.resolve("web.xml"),
        webXml.replace(EXAMPLE_ISSUER, issuer.issuer()),
        StandardCharsets.UTF_8);
    copyClass(ApiServlet.class, webInf.resolve("classes"));
    Path lib = Files.createDirectories(webInf.resolve("lib"));
    for (Class<?> type : LIBRARIES) {
      copyCodeSource(type, lib, webInf.resolve("classes"));
    }
    return new ExplodedWar(dir);
  }

  /** The WAR's root directory, to deploy. */
  Path dir() {
    return dir;
  }

  private static void copyClass(Class<?> type, Path classes) throws IOException {
    String resource = type.getName().replace('.', '/') + ".class";
    Path target = classes.resolve(resource);
    Files.createDirectories(target.getParent());
    try (InputStream in = type.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("class file not found: " + resource);
      }
      Files.copy(in, target);
    }
  }

  /** A jar goes to {@code lib}; a class directory (a reactor or IDE build) into {@code classes}. */
  private static void copyCodeSource(Class<?> type, Path lib, Path classes) throws IOException {
    Path source;
    try {
      source = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("code source of " + type.getName(), e);
    }
    if (Files.isRegularFile(source)) {
      Files.copy(source, lib.resolve(source.getFileName()));
      return;
    }
    try (Stream<Path> files = Files.walk(source)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Path target = classes.resolve(source.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else if (!Files.exists(target)) {
          Files.copy(file, target);
        }
      }
    }
  }

  @Override
  public void close() {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
