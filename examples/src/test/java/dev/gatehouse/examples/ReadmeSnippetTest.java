package dev.gatehouse.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's "Testing your app" snippet is {@link ApiSecurityTest}, verbatim, so the snippet
 * always compiles and passes (issue 6).
 */
final class ReadmeSnippetTest {
  private static final String HEADING = "## Testing your app";
  private static final Path README = Path.of("../README.md");
  private static final Path SOURCE =
      Path.of("src/test/java/dev/gatehouse/examples/ApiSecurityTest.java");

  @Test
  void testingYourAppQuotesApiSecurityTestVerbatim() throws IOException {
    String snippet = snippet(Files.readString(SOURCE, StandardCharsets.UTF_8));
    String readme = Files.readString(README, StandardCharsets.UTF_8);
    assertThat(readme).as("the README has the section '%s'", HEADING).contains(HEADING);
    assertThat(readme)
        .as("the README quotes %s from its first import on", SOURCE)
        .contains(snippet);
  }

  /** The class from its first {@code import}, without the line about the README itself. */
  private static String snippet(String source) {
    String code = source.substring(source.indexOf("import "));
    return code.replaceFirst("// The README's \"Testing your app\" quotes[^\n]*\n", "");
  }
}
