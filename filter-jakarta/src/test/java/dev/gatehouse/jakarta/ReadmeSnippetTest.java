package dev.gatehouse.jakarta;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's Jakarta Security snippet compiles here, and the annotation reads as it says. */
final class ReadmeSnippetTest {
  // README: jakarta
  @GatehouseAuthenticationMechanismDefinition(
      settings = {"issuer=https://idp.example.com", "audience=orders-api", "roles-claim=groups"})
  public static class OrdersApplication {}

  // README: end

  @Test
  void theSnippetIsInTheReadme() throws Exception {
    java.util.List<String> lines =
        Files.readAllLines(Path.of("src/test/java/dev/gatehouse/jakarta/ReadmeSnippetTest.java"));
    int start = lines.indexOf("  // README: jakarta");
    int end = lines.indexOf("  // README: end");
    StringBuilder snippet = new StringBuilder();
    for (String line : lines.subList(start + 1, end)) {
      snippet.append(line.length() >= 2 ? line.substring(2) : line).append('\n');
    }
    assertThat(Files.readString(Path.of("..", "README.md")))
        .contains(snippet.toString().stripTrailing() + "\n```");
    assertThat(
            OrdersApplication.class
                .getAnnotation(GatehouseAuthenticationMechanismDefinition.class)
                .settings())
        .contains("issuer=https://idp.example.com");
  }
}
