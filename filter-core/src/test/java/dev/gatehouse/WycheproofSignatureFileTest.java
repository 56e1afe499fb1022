package dev.gatehouse;

import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One Wycheproof signature file as a test class: every case through the signature layer the
 * verifier uses, once per loadable provider, named by its {@code tcId} and comment, with a summary
 * of what ran. Each file's subclass names the file, its algorithm and its documented exceptions.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@org.junit.jupiter.api.extension.ExtendWith(VectorFiles.Condition.class)
abstract class WycheproofSignatureFileTest {
  private final WycheproofSignatures file;

  WycheproofSignatureFileTest(WycheproofSignatures file) {
    this.file = file;
  }

  @BeforeAll
  void vectorsArePresent() {
    VectorFiles.assumePresent();
  }

  Stream<Arguments> cases() {
    return file.cases();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void verifiesAsLabelled(WycheproofSignatures.Case vector) {
    file.check(vector);
  }

  @AfterAll
  void summary() {
    file.printSummary();
  }
}
