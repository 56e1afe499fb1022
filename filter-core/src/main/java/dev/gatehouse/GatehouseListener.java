package dev.gatehouse;

/**
 * Receives {@link GatehouseEvent}s, for metrics, audit logs and alerts; registered with {@link
 * TokenVerifier.Builder#listener}, or by the setting {@code event-listener} naming a class with a
 * public no-argument constructor.
 *
 * <pre>{@code
 * TokenVerifier verifier = TokenVerifier.builder()
 *     .issuer(IssuerPolicy.builder(issuer).audiences("orders-api").build())
 *     .listener(event -> LOG.info("gatehouse: {}", event))
 *     .build();
 * }</pre>
 *
 * <p>{@link #on} runs on the thread that caused the event (a request thread, or a key or
 * introspection fetch's thread), so it must be quick and must not block. An exception it throws is
 * caught, logged once at WARN, and changes no decision. Without a listener no event is made.
 *
 * <p>Implementations must be thread-safe.
 */
@FunctionalInterface
public interface GatehouseListener {
  /** Called once per event. */
  void on(GatehouseEvent event);
}
