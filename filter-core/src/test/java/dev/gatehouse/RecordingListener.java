package dev.gatehouse;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Keeps every event it is told, in order; public with a no-argument constructor so that the setting
 * {@code event-listener} can name it.
 */
public final class RecordingListener implements GatehouseListener {
  private final List<GatehouseEvent> events = new CopyOnWriteArrayList<>();

  /** An empty record. */
  public RecordingListener() {}

  @Override
  public void on(GatehouseEvent event) {
    events.add(event);
  }

  /** The events so far, oldest first. */
  public List<GatehouseEvent> events() {
    return List.copyOf(events);
  }

  /** The events so far of {@code type}. */
  public <T extends GatehouseEvent> List<T> events(Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** Forgets the events so far. */
  public void clear() {
    events.clear();
  }
}
