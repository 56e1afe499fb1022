package dev.gatehouse.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.Guard;
import dev.gatehouse.testkit.MockIssuer;
import jakarta.ws.rs.core.Application;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 11's generated precedence test: hundreds of resource trees (annotations on classes,
 * superclasses, interfaces, methods, locators and sub-resources) on a real runtime with its own
 * role support off, registered globally and name-bound; every request's status must be what {@link
 * PrecedenceTrees#expected} says.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PrecedenceContract {
  private MockIssuer issuer;
  private Path dir;
  private PrecedenceTrees trees;
  private JaxrsServer global;
  private JaxrsServer nameBound;
  private final Map<PrecedenceTrees.Token, String[]> headers =
      new EnumMap<>(PrecedenceTrees.Token.class);

  /** Starts {@code application} with the runtime's own {@code @RolesAllowed} support off. */
  abstract JaxrsServer start(Application application);

  @BeforeAll
  void startServers() throws IOException {
    issuer = MockIssuer.start();
    dir = Files.createTempDirectory("gatehouse-precedence");
    trees = PrecedenceTrees.generate(dir);
    Guard guard = Guard.builder(JaxrsContract.verifier(issuer)).build();
    global = start(application(GatehouseFeature.global(guard)));
    nameBound = start(application(GatehouseFeature.nameBound(guard)));
    List<String> scopes = new ArrayList<>();
    List<String> roles = new ArrayList<>();
    for (String tag : PrecedenceTrees.TAGS) {
      scopes.add("s_" + tag);
      roles.add("r_" + tag);
    }
    headers.put(PrecedenceTrees.Token.NONE, new String[] {});
    headers.put(PrecedenceTrees.Token.BAD, bearer("not-a-jwt"));
    headers.put(PrecedenceTrees.Token.EMPTY, bearer(issuer.token().sign()));
    headers.put(
        PrecedenceTrees.Token.ALL,
        bearer(
            issuer
                .token()
                .scopes(scopes.toArray(String[]::new))
                .roles(roles.toArray(String[]::new))
                .sign()));
    headers.put(
        PrecedenceTrees.Token.SCOPES_ONLY,
        bearer(issuer.token().scopes(scopes.toArray(String[]::new)).sign()));
    headers.put(
        PrecedenceTrees.Token.ROLES_ONLY,
        bearer(issuer.token().roles(roles.toArray(String[]::new)).sign()));
  }

  private static String[] bearer(String token) {
    return new String[] {"Authorization", "Bearer " + token};
  }

  private Application application(Object registration) {
    Set<Class<?>> classes = new LinkedHashSet<>(trees.classes);
    return new Application() {
      @Override
      public Set<Class<?>> getClasses() {
        return classes;
      }

      @SuppressWarnings("deprecation")
      @Override
      public Set<Object> getSingletons() {
        return Set.of(registration);
      }
    };
  }

  @AfterAll
  void stopServers() throws IOException {
    for (JaxrsServer server : new JaxrsServer[] {global, nameBound}) {
      if (server != null) {
        server.close();
      }
    }
    issuer.close();
    trees.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Test
  void everyGeneratedTreeAnswersAsTheDocumentedPrecedenceSays() {
    List<String> wrong = new ArrayList<>();
    int requests = 0;
    for (PrecedenceTrees.Tree tree : trees.trees) {
      for (PrecedenceTrees.Token token : PrecedenceTrees.Token.values()) {
        for (boolean bound : new boolean[] {false, true}) {
          JaxrsServer server = bound ? nameBound : global;
          int status = server.get(tree.path(), headers.get(token)).statusCode();
          int expected = PrecedenceTrees.expected(tree, token, bound);
          requests++;
          if (status != expected) {
            wrong.add(
                (bound ? "name-bound " : "global ")
                    + tree
                    + " "
                    + token
                    + ": "
                    + status
                    + ", expected "
                    + expected);
          }
        }
      }
    }
    System.out.println(trees.trees.size() + " trees, " + requests + " requests");
    assertThat(wrong).isEmpty();
    assertThat(trees.trees).hasSizeGreaterThan(400);
  }
}
