package dev.gatehouse;

import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Read-only views over collections that nothing else refers to, so that whoever receives one may
 * keep it without a copy. Only Gatehouse makes them: {@link StrictJson} for the objects and arrays
 * it reads (their nested values are views too), the claim rules for an {@link Auth}'s scopes. A
 * view is recognised by its type, which no caller can make, so {@code Auth} copies every other
 * collection it is given and trusts these as they are.
 */
final class Frozen {
  private Frozen() {}

  /** A read-only view of {@code map}, which the caller gives up. */
  static <V> Map<String, V> map(Map<String, V> map) {
    return new FrozenMap<>(map);
  }

  /** A read-only view of {@code list}, which the caller gives up. */
  static <E> List<E> list(List<E> list) {
    return new FrozenList<>(list);
  }

  /** A read-only view of {@code set}, which the caller gives up. */
  static <E> Set<E> set(Set<E> set) {
    return new FrozenSet<>(set);
  }

  /** Whether {@code value} is one of these views, so needs no copy. */
  static boolean is(@Nullable Object value) {
    return value instanceof FrozenMap<?>
        || value instanceof FrozenList<?>
        || value instanceof FrozenSet<?>;
  }

  private static final class FrozenMap<V> extends AbstractMap<String, V> {
    private final Map<String, V> map;

    FrozenMap(Map<String, V> map) {
      this.map = map;
    }

    @Override
    public @Nullable V get(@Nullable Object key) {
      return map.get(key);
    }

    @Override
    public boolean containsKey(@Nullable Object key) {
      return map.containsKey(key);
    }

    @Override
    public int size() {
      return map.size();
    }

    @Override
    public Set<Entry<String, V>> entrySet() {
      return Collections.unmodifiableMap(map).entrySet();
    }
  }

  private static final class FrozenList<E> extends AbstractList<E> {
    private final List<E> list;

    FrozenList(List<E> list) {
      this.list = list;
    }

    @Override
    public E get(int index) {
      return list.get(index);
    }

    @Override
    public int size() {
      return list.size();
    }
  }

  private static final class FrozenSet<E> extends AbstractSet<E> {
    private final Set<E> set;

    FrozenSet(Set<E> set) {
      this.set = set;
    }

    @Override
    public boolean contains(@Nullable Object o) {
      return set.contains(o);
    }

    @Override
    public int size() {
      return set.size();
    }

    @Override
    public Iterator<E> iterator() {
      return Collections.unmodifiableSet(set).iterator();
    }
  }
}
