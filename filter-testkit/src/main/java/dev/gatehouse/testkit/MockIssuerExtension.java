package dev.gatehouse.testkit;

import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ExtensionContext.Store;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that gives a test class one {@link MockIssuer}, injected as a parameter of
 * its constructor, {@code @BeforeAll}, {@code @BeforeEach} and {@code @Test} methods.
 *
 * <pre>{@code
 * @ExtendWith(MockIssuerExtension.class)
 * final class JwksOutageTest {
 *   @Test
 *   void keysThatCannotBeFetchedAreA503(MockIssuer issuer) {
 *     issuer.jwks().respondWith(500);
 *     // ... send issuer.token("alice") to the code under test ...
 *   }
 * }
 * }</pre>
 *
 * <p>The issuer is started on first use and closed after the test class (the outermost class, for
 * {@code @Nested} classes). Before each test its faults and counters are reset; its keys, including
 * rotations, carry over from test to test.
 *
 * <p>Thread-safe: JUnit may share one instance across classes and threads; all state lives in the
 * extension context store.
 */
public final class MockIssuerExtension implements ParameterResolver, BeforeEachCallback {

  private static final Namespace NAMESPACE = Namespace.create(MockIssuerExtension.class);
  private static final String KEY = "issuer";

  /** Creates the extension; JUnit calls this for {@code @ExtendWith}. */
  public MockIssuerExtension() {}

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == MockIssuer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return store(context)
        .getOrComputeIfAbsent(KEY, key -> new Resource(MockIssuer.start()), Resource.class)
        .issuer();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    @Nullable Resource resource = store(context).get(KEY, Resource.class);
    if (resource != null) {
      resource.issuer().reset();
    }
  }

  /** The store of the outermost test class, so that the issuer lives as long as that class. */
  private static Store store(ExtensionContext context) {
    ExtensionContext classContext = context;
    for (Optional<ExtensionContext> parent = context.getParent();
        parent.isPresent() && parent.get().getTestClass().isPresent();
        parent = parent.get().getParent()) {
      classContext = parent.get();
    }
    return classContext.getStore(NAMESPACE);
  }

  /**
   * Closes the issuer with the store. JUnit 5.13 closes {@link AutoCloseable} values; earlier
   * versions only {@code CloseableResource} ones, so this is both. Closing twice is harmless.
   */
  @SuppressWarnings("deprecation")
  private record Resource(MockIssuer issuer) implements Store.CloseableResource, AutoCloseable {
    @Override
    public void close() {
      issuer.close();
    }
  }
}
