package dev.gatehouse.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Testing your app" test, as a user copies it into a fresh project: written from the
 * README's text into an empty directory, compiled with {@code javax.tools} against only the
 * published modules (their classes and the run-time class path Maven resolved for each) and the
 * project's own test dependencies the README lists, then run by JUnit in a child JVM with the same
 * class path; nothing of the examples module or of any module's tests is on it (issue 18).
 */
final class ReadmeSnippetTest {
  private static final Path README = Path.of("../README.md");
  private static final String HEADING = "## Testing your app";
  private static final List<String> PUBLISHED = List.of("filter-core", "filter-testkit");

  /**
   * The fresh project's own test dependencies (JUnit 5, AssertJ, embedded Jetty, as the README's
   * POM lists them) and what Maven brings with them, by their place in the local repository.
   */
  private static final List<String> OWN_TEST_LIBRARIES =
      List.of(
          "/org/junit/",
          "/org/opentest4j/",
          "/org/apiguardian/",
          "/org/assertj/",
          "/net/bytebuddy/",
          "/org/eclipse/jetty/",
          "/jakarta/servlet/");

  /** Runs one test class with the JUnit Platform, as a build tool would. */
  private static final String RUNNER =
      String.join(
          "\n",
          "import org.junit.platform.engine.discovery.DiscoverySelectors;",
          "import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;",
          "import org.junit.platform.launcher.core.LauncherFactory;",
          "import org.junit.platform.launcher.listeners.SummaryGeneratingListener;",
          "import org.junit.platform.launcher.listeners.TestExecutionSummary;",
          "public final class RunTests {",
          "  public static void main(String[] args) {",
          "    SummaryGeneratingListener listener = new SummaryGeneratingListener();",
          "    LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()",
          "        .selectors(DiscoverySelectors.selectClass(args[0])).build(), listener);",
          "    TestExecutionSummary summary = listener.getSummary();",
          "    summary.printFailuresTo(new java.io.PrintWriter(System.out, true), 30);",
          "    System.out.println(summary.getTestsSucceededCount() + \" succeeded, \"",
          "        + summary.getTotalFailureCount() + \" failed\");",
          "    System.exit(summary.getTotalFailureCount() == 0 ? 0 : 1);",
          "  }",
          "}",
          "");

  @TempDir Path project;

  @Test
  void testingYourAppCompilesAndPassesInAFreshProject() throws Exception {
    String snippet = javaBlock(section(Files.readString(README, StandardCharsets.UTF_8)));
    Matcher name = Pattern.compile("(?m)^final class (\\w+)").matcher(snippet);
    assertThat(name.find()).as("the snippet declares its test class").isTrue();
    Path sources = Files.createDirectories(project.resolve("src/test/java"));
    Path classes = Files.createDirectories(project.resolve("target/test-classes"));
    Files.writeString(sources.resolve(name.group(1) + ".java"), snippet);
    Files.writeString(sources.resolve("RunTests.java"), RUNNER);
    List<Path> classPath = freshProjectClassPath();
    assertThat(classPath)
        .noneMatch(p -> p.toString().contains("examples"))
        .noneMatch(p -> p.toString().contains("test-classes"));

    compile(sources, classes, classPath);
    List<Path> runtime = new ArrayList<>(classPath);
    runtime.add(0, classes);
    Path log = project.resolve("run.log");
    Process run =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                join(runtime),
                "RunTests",
                name.group(1))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      assertThat(run.waitFor(120, TimeUnit.SECONDS)).as("the tests finished").isTrue();
      String output = Files.readString(log);
      assertThat(run.exitValue()).as(output).isZero();
      assertThat(output).contains("2 succeeded, 0 failed");
    } finally {
      run.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  private static void compile(Path sources, Path classes, List<Path> classPath) throws Exception {
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files =
        compiler.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      List<File> java;
      try (var walk = Files.walk(sources)) {
        java = walk.filter(p -> p.toString().endsWith(".java")).map(Path::toFile).toList();
      }
      List<String> options =
          List.of(
              "--release",
              "17",
              "-proc:none",
              "-classpath",
              join(classPath),
              "-d",
              classes.toString());
      boolean ok =
          compiler
              .getTask(
                  null, files, diagnostics, options, null, files.getJavaFileObjectsFromFiles(java))
              .call();
      assertThat(ok).as("compiles: %s", diagnostics.getDiagnostics()).isTrue();
    }
  }

  /**
   * The published modules' classes, the run-time class path Maven resolved for each (written by
   * their {@code runtime-classpath} execution), and the project's own test libraries from this
   * JVM's class path.
   */
  private static List<Path> freshProjectClassPath() throws Exception {
    List<Path> out = new ArrayList<>();
    for (String module : PUBLISHED) {
      Path target = Path.of("..", module, "target");
      Path resolved = target.resolve("runtime-classpath.txt");
      assertThat(resolved).as("written when %s was built", module).isRegularFile();
      out.add(target.resolve("classes").toAbsolutePath().normalize());
      for (String entry : Files.readString(resolved).strip().split(File.pathSeparator)) {
        if (!entry.isEmpty() && !out.contains(Path.of(entry))) {
          out.add(Path.of(entry));
        }
      }
    }
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      String normal = entry.replace(File.separatorChar, '/');
      if (entry.endsWith(".jar") && OWN_TEST_LIBRARIES.stream().anyMatch(normal::contains)) {
        out.add(Path.of(entry));
      }
    }
    return out;
  }

  /** The README's section under {@link #HEADING}, up to the next heading of its level. */
  private static String section(String readme) {
    int start = readme.indexOf(HEADING);
    assertThat(start).as("the README has the section '%s'", HEADING).isNotNegative();
    int end = readme.indexOf("\n## ", start + HEADING.length());
    return readme.substring(start, end < 0 ? readme.length() : end);
  }

  /** The section's one Java code block. */
  private static String javaBlock(String section) {
    Matcher block = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL).matcher(section);
    assertThat(block.find()).as("a Java block in '%s'", HEADING).isTrue();
    String code = block.group(1);
    assertThat(block.find()).as("one Java block in '%s'", HEADING).isFalse();
    return code;
  }

  private static String join(List<Path> paths) {
    return String.join(File.pathSeparator, paths.stream().map(Path::toString).toList());
  }
}
