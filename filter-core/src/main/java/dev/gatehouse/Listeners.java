package dev.gatehouse;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listeners of one verifier, called in the order registered; one that throws is logged once at
 * WARN and never changes a decision or stops the others.
 *
 * <p>Thread-safe.
 */
final class Listeners implements GatehouseListener {
  private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);

  private final List<GatehouseListener> listeners;
  private final AtomicBoolean failureLogged = new AtomicBoolean();

  private Listeners(List<GatehouseListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  /** The listeners to call, or null for none, so that callers make no event at all. */
  static @org.jspecify.annotations.Nullable Listeners of(List<GatehouseListener> listeners) {
    return listeners.isEmpty() ? null : new Listeners(listeners);
  }

  @Override
  public void on(GatehouseEvent event) {
    for (int i = 0; i < listeners.size(); i++) {
      GatehouseListener listener = listeners.get(i);
      try {
        listener.on(event);
      } catch (RuntimeException | LinkageError | AssertionError e) {
        if (failureLogged.compareAndSet(false, true)) {
          LOG.warn(
              "event listener {} failed ({}); decisions stand, and its further failures are not"
                  + " logged",
              listener.getClass().getName(),
              e.getClass().getName());
        }
      }
    }
  }
}
