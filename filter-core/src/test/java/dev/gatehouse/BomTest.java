package dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The BOM lists every published module at the project's version: it has no parent (so importing it
 * pins nothing else), so nothing else keeps the two in step.
 */
final class BomTest {
  private static final Pattern VERSION = Pattern.compile("<version>([^<]+)</version>");
  private static final Pattern ARTIFACT = Pattern.compile("<artifactId>([^<]+)</artifactId>");

  @Test
  void theBomNamesEveryPublishedModuleAtTheProjectsVersion() throws Exception {
    String parent = Files.readString(Path.of("..", "pom.xml"));
    Matcher parentVersion = VERSION.matcher(parent);
    assertThat(parentVersion.find()).isTrue();
    String version = parentVersion.group(1);
    String file = Files.readString(Path.of("..", "bom", "pom.xml"));
    Matcher own = VERSION.matcher(file);
    assertThat(own.find()).isTrue();
    assertThat(own.group(1)).isEqualTo(version);
    String bom =
        file.substring(
            file.indexOf("<dependencyManagement>"), file.indexOf("</dependencyManagement>"));
    List<String> versions = new ArrayList<>();
    Matcher m = VERSION.matcher(bom);
    while (m.find()) {
      versions.add(m.group(1));
    }
    assertThat(versions).isNotEmpty().allMatch(version::equals);
    List<String> artifacts = new ArrayList<>();
    Matcher a = ARTIFACT.matcher(bom);
    while (a.find()) {
      artifacts.add(a.group(1));
    }
    assertThat(artifacts)
        .containsExactlyInAnyOrder(
            "filter-core",
            "filter-jaxrs",
            "filter-jakarta",
            "filter-redis",
            "filter-micrometer",
            "filter-testkit");
  }
}
