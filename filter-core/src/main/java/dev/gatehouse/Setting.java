package dev.gatehouse;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * One row of the settings table: its name, where it applies, how its value is read, its default,
 * the builder call it stands for, and one line of documentation. Parsing, unknown-name refusal, the
 * {@code .N} issuer suffixes and the README's configuration table are all derived from the rows in
 * {@link Settings#TABLE}.
 *
 * @param <T> what the builder call receives
 * @param <V> the parsed value
 */
final class Setting<T, V> {
  /** Where a setting applies. */
  enum Scope {
    /** One issuer; an unsuffixed value is every issuer's default. */
    ISSUER,
    /** One issuer, never inherited by another ({@code issuer}, {@code jwks-uri}). */
    ISSUER_OWN,
    /** The verifier, for every issuer. */
    VERIFIER,
    /** The guard: paths, scopes, mode, rendering. */
    GUARD
  }

  /** How a value is read; a failure's message says what was expected, without the name. */
  record Type<V>(String description, Function<String, V> parse) {}

  final String name;
  final Scope scope;
  final Type<V> type;
  final String defaultText;
  final String builder;
  final String doc;
  private final BiConsumer<T, V> apply;

  private Setting(
      String name,
      Scope scope,
      Type<V> type,
      String defaultText,
      String builder,
      String doc,
      BiConsumer<T, V> apply) {
    this.name = name;
    this.scope = scope;
    this.type = type;
    this.defaultText = defaultText;
    this.builder = builder;
    this.doc = doc;
    this.apply = apply;
  }

  static <V> Setting<IssuerPolicy.Builder, V> issuer(
      String name,
      boolean own,
      Type<V> type,
      String defaultText,
      String builder,
      String doc,
      BiConsumer<IssuerPolicy.Builder, V> apply) {
    return new Setting<>(
        name, own ? Scope.ISSUER_OWN : Scope.ISSUER, type, defaultText, builder, doc, apply);
  }

  static <V> Setting<TokenVerifier.Builder, V> verifier(
      String name,
      Type<V> type,
      String defaultText,
      String builder,
      String doc,
      BiConsumer<TokenVerifier.Builder, V> apply) {
    return new Setting<>(name, Scope.VERIFIER, type, defaultText, builder, doc, apply);
  }

  static <V> Setting<Settings.GuardTarget, V> guard(
      String name,
      Type<V> type,
      String defaultText,
      String builder,
      String doc,
      BiConsumer<Settings.GuardTarget, V> apply) {
    return new Setting<>(name, Scope.GUARD, type, defaultText, builder, doc, apply);
  }

  /**
   * Parses {@code value} and applies it to {@code target}; every failure names the setting as it
   * was written ({@code name} plus any issuer suffix).
   */
  void apply(T target, String value, String written) {
    V parsed;
    try {
      parsed = type.parse().apply(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          written + " must be " + type.description() + ": " + value, e);
    }
    try {
      apply.accept(target, parsed);
    } catch (IllegalArgumentException | IllegalStateException e) {
      String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw new IllegalArgumentException(written + ": " + message, e);
    }
  }

  // The value types. Each parse throws IllegalArgumentException for a value it cannot read.

  static Type<String> text() {
    return new Type<>("a non-empty string", v -> v);
  }

  static Type<List<String>> list() {
    return new Type<>("a list separated by spaces or commas", Scopes::split);
  }

  static Type<List<String>> commaList() {
    return new Type<>("a comma-separated list", Settings::paths);
  }

  static Type<Boolean> bool() {
    return new Type<>(
        "true or false",
        v -> {
          if (v.equalsIgnoreCase("true")) {
            return true;
          }
          if (v.equalsIgnoreCase("false")) {
            return false;
          }
          throw new IllegalArgumentException(v);
        });
  }

  static Type<Integer> integer(int min, int max) {
    return new Type<>(
        "an integer from " + min + " to " + max,
        v -> {
          int n = Integer.parseInt(v);
          if (n < min || n > max) {
            throw new IllegalArgumentException(v);
          }
          return n;
        });
  }

  static Type<Duration> seconds(int min) {
    Type<Integer> n = integer(min, Integer.MAX_VALUE);
    return new Type<>(
        "an integer from " + min + " to " + Integer.MAX_VALUE,
        v -> Duration.ofSeconds(n.parse().apply(v)));
  }

  static Type<Duration> millis(int min, int max) {
    Type<Integer> n = integer(min, max);
    return new Type<>(n.description(), v -> Duration.ofMillis(n.parse().apply(v)));
  }

  static Type<URI> uri() {
    return new Type<>("a URI", URI::create);
  }

  /** One of {@code choices}, in any case; the value is lower-cased. */
  static Type<String> choice(String... choices) {
    List<String> allowed = new ArrayList<>(List.of(choices));
    return new Type<>(
        "one of " + allowed,
        v -> {
          String lower = v.toLowerCase(Locale.ROOT);
          if (!allowed.contains(lower)) {
            throw new IllegalArgumentException(v);
          }
          return lower;
        });
  }
}
