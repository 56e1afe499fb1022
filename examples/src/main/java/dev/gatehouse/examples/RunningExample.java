package dev.gatehouse.examples;

import java.net.URI;

/**
 * A started example server; closing it stops the server.
 *
 * <p>Implementations are thread-safe.
 */
public interface RunningExample extends AutoCloseable {
  /** Where the server listens, such as {@code http://127.0.0.1:8080/}. */
  URI baseUri();

  /** {@code path} resolved against {@link #baseUri()}. */
  default URI uri(String path) {
    return baseUri().resolve(path);
  }

  /** Whether the example receives back-channel logouts at {@link ExampleApi#LOGOUT_PATH}. */
  default boolean receivesLogouts() {
    return false;
  }

  /** Stops the server; closing again does nothing. */
  @Override
  void close();
}
