package dev.gatehouse.jaxrs;

import dev.gatehouse.Requirement;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What the annotations of a matched resource chain ask of Gatehouse, read once per chain (root
 * class, each sub-resource locator, each sub-resource class, the resource method). This is the one
 * place the precedence lives; the README repeats it.
 *
 * <p>At each level of the chain (a class and the locator or resource method called on it):
 *
 * <ol>
 *   <li>An annotation on the method is looked for on the method, then on the method it overrides or
 *       implements, nearest first (JAX-RS 3.1 §3.6 inheritance); one on the class, on the class,
 *       its superclasses, then its interfaces.
 *   <li>For each kind ({@link RequireScopes}; {@code @DenyAll} / {@code @RolesAllowed} /
 *       {@code @PermitAll}), the method's annotation overrides the class's (JSR 250 §2.9).
 *   <li>{@link RequireScopes} and {@code @PermitAll} on the same side: the scopes apply (fail
 *       closed). A method's {@code @PermitAll} waives its class's {@link RequireScopes}.
 *   <li>{@link RequireAuth} anywhere on the level asks for a token.
 *   <li>{@link RequireOnlineCheck} anywhere on the level asks for a token and an online check.
 *   <li>{@link RequireStepUp}, {@link RequireClaim}, {@link RequireOrganization} and {@link
 *       RefuseDelegation}: every one anywhere on the level (method, what it overrides, class,
 *       superclasses, interfaces) applies.
 * </ol>
 *
 * <p>Across the chain every level's requirement holds: scopes add up, every {@code @RolesAllowed}
 * needs one of its roles, one {@code @DenyAll} denies. The resource is public ({@code @PermitAll})
 * only if some level says so and no level asks for anything. When several locators of a class could
 * have returned the sub-resource's class, those whose {@code @Path} matches the request apply, and
 * all of them when that cannot be told (fail closed).
 */
final class Declarations {
  /**
   * The outcome for one chain.
   *
   * @param requirement what every level asks, combined
   * @param permitAll whether the resource is public
   */
  record Declared(Requirement requirement, boolean permitAll) {
    static final Declared NOTHING = new Declared(Requirement.NONE, false);

    /** Whether a name-bound registration protects this resource: a level asks for a token. */
    boolean bound() {
      return requirement.authenticates();
    }
  }

  private static final List<Class<? extends Annotation>> SCOPES = List.of(RequireScopes.class);
  private static final List<Class<? extends Annotation>> SECURITY =
      List.of(DenyAll.class, RolesAllowed.class, PermitAll.class);
  private static final List<Class<? extends Annotation>> MARKER = List.of(RequireAuth.class);
  private static final List<Class<? extends Annotation>> ONLINE = List.of(RequireOnlineCheck.class);

  private Declarations() {}

  /**
   * The declarations of resource {@code method} reached through {@code chain}, the classes of the
   * matched resources from the root to the one {@code method} is called on.
   *
   * @throws IllegalArgumentException if a {@link RequireScopes} value is not a scope token
   */
  static Declared of(List<Class<?>> chain, Method method) {
    List<List<Method>> locators = new ArrayList<>();
    for (int i = 0; i + 1 < chain.size(); i++) {
      locators.add(locators(chain.get(i), chain.get(i + 1)).methods());
    }
    return of(chain, locators, method);
  }

  /**
   * The declarations of resource {@code method} reached through {@code chain}, where {@code
   * locators.get(i)} are the locator methods of {@code chain.get(i)} that may have led on.
   */
  static Declared of(List<Class<?>> chain, List<List<Method>> locators, Method method) {
    Requirement requirement = Requirement.NONE;
    boolean permitted = false;
    for (int i = 0; i < chain.size(); i++) {
      Class<?> type = chain.get(i);
      List<Method> methods = i == chain.size() - 1 ? List.of(method) : locators.get(i);
      for (Method m : methods) {
        Level level = level(type, m);
        requirement = requirement.and(level.requirement);
        permitted |= level.permitAll;
      }
    }
    return new Declared(requirement, permitted && !requirement.authenticates());
  }

  /**
   * Of {@code candidates}, the locators whose {@code @Path} template matches the end of one of the
   * runtime's matched URIs; all of them when none does (fail closed).
   */
  static List<Method> matching(Locators candidates, List<String> matchedUris) {
    if (candidates.methods().size() < 2) {
      return candidates.methods();
    }
    List<Method> out = new ArrayList<>();
    for (int i = 0; i < candidates.methods().size(); i++) {
      if (matchesAny(candidates.templates().get(i), matchedUris)) {
        out.add(candidates.methods().get(i));
      }
    }
    return out.isEmpty() ? candidates.methods() : out;
  }

  private static boolean matchesAny(Pattern template, List<String> uris) {
    for (String uri : uris) {
      if (template.matcher(uri).matches()) {
        return true;
      }
    }
    return false;
  }

  /** A JAX-RS 3.1 §3.7.3 template as a regular expression for the end of a matched URI. */
  static Pattern template(String value) {
    String template = value.startsWith("/") ? value.substring(1) : value;
    StringBuilder regex = new StringBuilder("(?:.*/)?");
    int i = 0;
    while (i < template.length()) {
      int open = template.indexOf('{', i);
      if (open < 0) {
        regex.append(Pattern.quote(template.substring(i)));
        break;
      }
      regex.append(Pattern.quote(template.substring(i, open)));
      int close = closing(template, open);
      String variable = template.substring(open + 1, close);
      int colon = variable.indexOf(':');
      regex.append(colon < 0 ? "[^/]+" : "(?:" + variable.substring(colon + 1).strip() + ")");
      i = close + 1;
    }
    return Pattern.compile(regex.append("/?").toString(), Pattern.DOTALL);
  }

  private static int closing(String template, int open) {
    int depth = 0;
    for (int i = open; i < template.length(); i++) {
      char c = template.charAt(i);
      if (c == '{') {
        depth++;
      } else if (c == '}' && --depth == 0) {
        return i;
      }
    }
    return template.length() - 1;
  }

  private record Level(Requirement requirement, boolean permitAll) {}

  private static Level level(Class<?> type, Method method) {
    Annotation ownScopes = onMethod(type, method, SCOPES);
    Annotation ownSecurity = onMethod(type, method, SECURITY);
    // The method's annotation of a kind overrides the class's.
    Annotation security = ownSecurity != null ? ownSecurity : onClass(type, SECURITY);
    // A method's own @PermitAll waives the class's scopes; scopes beside it still apply.
    Annotation scopes =
        ownScopes != null
            ? ownScopes
            : ownSecurity instanceof PermitAll ? null : onClass(type, SCOPES);
    Requirement requirement = Requirement.NONE;
    if (scopes instanceof RequireScopes required) {
      requirement = requirement.and(scopes(required, type, method));
    }
    if (security instanceof DenyAll) {
      requirement = requirement.and(Requirement.DENIED);
    } else if (security instanceof RolesAllowed roles) {
      requirement = requirement.and(Requirement.anyRole(Arrays.asList(roles.value())));
    }
    // @RequireAuth anywhere on the level asks for a token.
    if (onMethod(type, method, MARKER) != null || onClass(type, MARKER) != null) {
      requirement = requirement.and(Requirement.AUTHENTICATED);
    }
    // @RequireOnlineCheck anywhere on the level asks the issuer too (fail closed).
    boolean online = onMethod(type, method, ONLINE) != null || onClass(type, ONLINE) != null;
    if (online) {
      requirement = requirement.and(Requirement.AUTHENTICATED.online());
    }
    Requirement checks = checks(type, method);
    requirement = requirement.and(checks);
    return new Level(
        requirement,
        security instanceof PermitAll && scopes == null && !online && !checks.authenticates());
  }

  /**
   * The step-up, claim, organization and delegation annotations of a level, every one of them.
   *
   * @throws IllegalArgumentException naming the element whose annotation is invalid
   */
  private static Requirement checks(Class<?> type, Method method) {
    Requirement out = Requirement.NONE;
    List<java.lang.reflect.AnnotatedElement> elements = new ArrayList<>(overridden(type, method));
    elements.addAll(hierarchy(type));
    for (java.lang.reflect.AnnotatedElement element : elements) {
      try {
        for (RequireStepUp stepUp : element.getDeclaredAnnotationsByType(RequireStepUp.class)) {
          out = out.and(stepUp(stepUp));
        }
        for (RequireClaim claim : element.getDeclaredAnnotationsByType(RequireClaim.class)) {
          out = out.and(claim(claim));
        }
        for (RequireOrganization organization :
            element.getDeclaredAnnotationsByType(RequireOrganization.class)) {
          out = out.and(Requirement.inOrganization(organization.value(), organization.scopes()));
        }
        if (element.isAnnotationPresent(RefuseDelegation.class)) {
          out = out.and(Requirement.notDelegated());
        }
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "on " + type.getName() + "." + method.getName() + ": " + e.getMessage(), e);
      }
    }
    return out;
  }

  private static Requirement stepUp(RequireStepUp stepUp) {
    if (stepUp.acr().length == 0 && stepUp.maxAgeSeconds() == 0) {
      throw new IllegalArgumentException("@RequireStepUp names neither acr nor maxAgeSeconds");
    }
    Requirement out = Requirement.AUTHENTICATED;
    if (stepUp.acr().length > 0) {
      out = out.and(Requirement.acr(stepUp.acr()));
    }
    if (stepUp.maxAgeSeconds() != 0) {
      out = out.and(Requirement.maxAge(java.time.Duration.ofSeconds(stepUp.maxAgeSeconds())));
    }
    return out;
  }

  private static Requirement claim(RequireClaim claim) {
    boolean equal = !claim.equalTo().isEmpty();
    if (equal == !claim.includes().isEmpty()) {
      throw new IllegalArgumentException(
          "@RequireClaim(name = \"" + claim.name() + "\") sets exactly one of equalTo, includes");
    }
    return equal
        ? Requirement.claimEquals(claim.name(), claim.equalTo())
        : Requirement.claimIncludes(claim.name(), claim.includes());
  }

  /**
   * Every scope a {@link RequireScopes} names on {@code classes}, their methods, what they inherit,
   * and the sub-resource classes their locators return, for the metadata's {@code
   * scopes_supported}, in alphabetical order (reflection gives methods in no fixed order).
   */
  static Set<String> scopesNamed(java.util.Collection<Class<?>> classes) {
    Set<String> out = new java.util.TreeSet<>();
    Deque<Class<?>> queue = new ArrayDeque<>(classes);
    Set<Class<?>> seen = new java.util.HashSet<>();
    while (!queue.isEmpty()) {
      Class<?> type = queue.removeFirst();
      if (!seen.add(type) || type == Object.class || type.isPrimitive() || type.isArray()) {
        continue;
      }
      for (Class<?> c : hierarchy(type)) {
        add(out, c.getDeclaredAnnotation(RequireScopes.class));
        for (Method m : c.getDeclaredMethods()) {
          add(out, m.getDeclaredAnnotation(RequireScopes.class));
          if (m.isAnnotationPresent(Path.class) && !designated(c, m)) {
            queue.add(m.getReturnType());
          }
        }
      }
    }
    return out;
  }

  private static void add(Set<String> out, @Nullable RequireScopes scopes) {
    if (scopes != null) {
      for (String scope : scopes.value()) {
        try {
          out.addAll(Requirement.scopes(scope).scopes());
        } catch (IllegalArgumentException e) {
          // Not a scope token: the resource itself refuses to run with it.
        }
      }
    }
  }

  /**
   * The locator methods of {@code parent} that could have returned an instance of {@code child}:
   * {@code @Path} without a request method designator, returning a supertype of it, {@code Object}
   * or a {@code Class}.
   */
  static Locators locators(Class<?> parent, Class<?> child) {
    List<Method> methods = new ArrayList<>();
    List<Pattern> templates = new ArrayList<>();
    for (Method m : parent.getMethods()) {
      if (Modifier.isStatic(m.getModifiers()) || m.isBridge() || m.isSynthetic()) {
        continue;
      }
      Annotation path = onMethod(parent, m, List.of(Path.class));
      Class<?> returns = m.getReturnType();
      if (path instanceof Path p
          && !designated(parent, m)
          && (returns.isAssignableFrom(child) || returns == Class.class)) {
        methods.add(m);
        templates.add(template(p.value()));
      }
    }
    return new Locators(List.copyOf(methods), List.copyOf(templates));
  }

  /**
   * The locator methods of a class that could return a given sub-resource class, with their
   * {@code @Path} templates compiled once.
   *
   * @param methods the locators
   * @param templates {@code templates.get(i)} is the template of {@code methods.get(i)}
   */
  record Locators(List<Method> methods, List<Pattern> templates) {}

  private static boolean designated(Class<?> type, Method method) {
    for (Method m : overridden(type, method)) {
      for (Annotation a : m.getAnnotations()) {
        if (a.annotationType().isAnnotationPresent(HttpMethod.class)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The first annotation of {@code kinds} on {@code method} or what it overrides, nearest first.
   */
  private static @Nullable Annotation onMethod(
      Class<?> type, Method method, List<Class<? extends Annotation>> kinds) {
    for (Method m : overridden(type, method)) {
      Annotation found = first(m, kinds);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  /** The first annotation of {@code kinds} on {@code type}, its superclasses, then interfaces. */
  private static @Nullable Annotation onClass(
      Class<?> type, List<Class<? extends Annotation>> kinds) {
    for (Class<?> c : hierarchy(type)) {
      Annotation found = first(c, kinds);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private static @Nullable Annotation first(
      java.lang.reflect.AnnotatedElement element, List<Class<? extends Annotation>> kinds) {
    for (Class<? extends Annotation> kind : kinds) {
      Annotation a = element.getDeclaredAnnotation(kind);
      if (a != null) {
        return a;
      }
    }
    return null;
  }

  /**
   * {@code method} as {@code type} declares or inherits it, then every method of a superclass or
   * interface it overrides or implements, nearest first.
   */
  private static List<Method> overridden(Class<?> type, Method method) {
    List<Method> out = new ArrayList<>();
    for (Class<?> c : hierarchy(type)) {
      try {
        Method m = c.getDeclaredMethod(method.getName(), method.getParameterTypes());
        if (!Modifier.isPrivate(m.getModifiers()) && !m.isBridge()) {
          out.add(m);
        }
      } catch (NoSuchMethodException e) {
        // not declared at this level
      }
    }
    if (out.isEmpty()) {
      out.add(method);
    }
    return out;
  }

  /**
   * {@code type}, its superclasses up to {@code Object}, then all its interfaces, breadth first.
   */
  private static List<Class<?>> hierarchy(Class<?> type) {
    Set<Class<?>> out = new LinkedHashSet<>();
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      out.add(c);
    }
    Deque<Class<?>> queue = new ArrayDeque<>();
    for (Class<?> c : List.copyOf(out)) {
      queue.addAll(Arrays.asList(c.getInterfaces()));
    }
    while (!queue.isEmpty()) {
      Class<?> i = queue.removeFirst();
      if (out.add(i)) {
        queue.addAll(Arrays.asList(i.getInterfaces()));
      }
    }
    return List.copyOf(out);
  }

  private static Requirement scopes(RequireScopes annotation, Class<?> type, Method method) {
    try {
      return Requirement.scopes(annotation.value());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "@RequireScopes on " + type.getName() + "." + method.getName() + ": " + e.getMessage(),
          e);
    }
  }
}
