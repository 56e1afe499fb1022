package dev.gatehouse.jaxrs;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Generates resource trees for the precedence test of issue 11: every combination of an annotation
 * on a class and on its resource method, each placed on the class, its superclass or its interface,
 * and locator chains with annotations on the root, the locator, the sub-resource class and its
 * method. The sources are compiled with the JDK's compiler and loaded in a child class loader;
 * {@link #expected} is the reference model of the documented precedence.
 */
final class PrecedenceTrees {
  /** An annotation that may stand at a place. */
  enum Ann {
    NONE,
    AUTH,
    SCOPES,
    ROLES,
    PERMIT,
    DENY;

    String source(String tag) {
      return switch (this) {
        case NONE -> "";
        case AUTH -> "@dev.gatehouse.jaxrs.RequireAuth ";
        case SCOPES -> "@dev.gatehouse.jaxrs.RequireScopes(\"s_" + tag + "\") ";
        case ROLES -> "@jakarta.annotation.security.RolesAllowed(\"r_" + tag + "\") ";
        case PERMIT -> "@jakarta.annotation.security.PermitAll ";
        case DENY -> "@jakarta.annotation.security.DenyAll ";
      };
    }

    boolean security() {
      return this == ROLES || this == PERMIT || this == DENY;
    }
  }

  /** Where an annotation of the class or of the method is written. */
  enum Place {
    OWN,
    SUPERCLASS,
    INTERFACE
  }

  /** One level of a chain: the class's and the method's annotation, with their tags. */
  record Level(Ann type, String typeTag, Ann method, String methodTag) {}

  /** A generated resource: its path and its levels, root first. */
  record Tree(String path, List<Level> levels) {}

  /** What a request brings. */
  enum Token {
    NONE,
    BAD,
    EMPTY,
    ALL,
    SCOPES_ONLY,
    ROLES_ONLY
  }

  static final List<String> TAGS = List.of("c", "m", "root", "loc", "sub", "meth");

  final List<Tree> trees = new ArrayList<>();
  final Set<Class<?>> classes = new LinkedHashSet<>();
  private URLClassLoader loader;

  private PrecedenceTrees() {}

  /** Closes the class loader of the generated classes, once their servers are stopped. */
  void close() throws IOException {
    loader.close();
  }

  static PrecedenceTrees generate(Path dir) {
    PrecedenceTrees out = new PrecedenceTrees();
    List<Path> sources = new ArrayList<>();
    List<String> roots = new ArrayList<>();
    int k = 0;
    Ann[] methodAnns = {Ann.NONE, Ann.AUTH, Ann.SCOPES, Ann.ROLES, Ann.PERMIT, Ann.DENY};
    for (Ann type : Ann.values()) {
      for (Ann method : methodAnns) {
        for (Place typePlace : Place.values()) {
          for (Place methodPlace : Place.values()) {
            if ((type == Ann.NONE && typePlace != Place.OWN)
                || (method == Ann.NONE && methodPlace != Place.OWN)) {
              continue;
            }
            k++;
            sources.add(direct(dir, k, type, typePlace, method, methodPlace));
            roots.add("C" + k);
            out.trees.add(new Tree("/d" + k, List.of(new Level(type, "c", method, "m"))));
          }
        }
      }
    }
    for (Ann root : Ann.values()) {
      for (Ann locator : methodAnns) {
        for (Ann sub : Ann.values()) {
          for (Ann method : methodAnns) {
            int set =
                (root != Ann.NONE ? 1 : 0)
                    + (locator != Ann.NONE ? 1 : 0)
                    + (sub != Ann.NONE ? 1 : 0)
                    + (method != Ann.NONE ? 1 : 0);
            // Every pair of levels that can disagree, but not all 1,296 chains.
            if (set > 2) {
              continue;
            }
            k++;
            sources.add(locator(dir, k, root, locator, sub, method));
            roots.add("L" + k);
            out.trees.add(
                new Tree(
                    "/l" + k + "/sub",
                    List.of(
                        new Level(root, "root", locator, "loc"),
                        new Level(sub, "sub", method, "meth"))));
          }
        }
      }
    }
    compile(dir, sources);
    try {
      out.loader =
          new URLClassLoader(
              new URL[] {dir.toUri().toURL()}, PrecedenceTrees.class.getClassLoader());
      for (String root : roots) {
        out.classes.add(Class.forName("gen." + root, true, out.loader));
      }
    } catch (IOException | ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  private static Path direct(
      Path dir, int k, Ann type, Place typePlace, Ann method, Place methodPlace) {
    String i = "I" + k;
    String s = "S" + k;
    String c = "C" + k;
    String source =
        "package gen;\n"
            + (typePlace == Place.INTERFACE ? type.source("c") : "")
            + "interface "
            + i
            + " { @jakarta.ws.rs.GET "
            + (methodPlace == Place.INTERFACE ? method.source("m") : "")
            + "String get(); }\n"
            + (typePlace == Place.SUPERCLASS ? type.source("c") : "")
            + "abstract class "
            + s
            + " implements "
            + i
            + " { "
            + (methodPlace == Place.SUPERCLASS ? method.source("m") : "")
            + "public String get() { return \"base\"; } }\n"
            + "@jakarta.ws.rs.Path(\"d"
            + k
            + "\") "
            + (typePlace == Place.OWN ? type.source("c") : "")
            + "public class "
            + c
            + " extends "
            + s
            + " { "
            + (methodPlace == Place.OWN ? method.source("m") : "")
            + "@Override public String get() { return \"ok\"; } }\n";
    return write(dir, c, source);
  }

  private static Path locator(Path dir, int k, Ann root, Ann locator, Ann sub, Ann method) {
    String l = "L" + k;
    String sub0 = "Sub" + k;
    String source =
        "package gen;\n"
            + "@jakarta.ws.rs.Path(\"l"
            + k
            + "\") "
            + root.source("root")
            + "public class "
            + l
            + " { @jakarta.ws.rs.Path(\"sub\") "
            + locator.source("loc")
            + "public "
            + sub0
            + " sub() { return new "
            + sub0
            + "(); } }\n";
    String subSource =
        "package gen;\n"
            + sub.source("sub")
            + "public class "
            + sub0
            + " { @jakarta.ws.rs.GET "
            + method.source("meth")
            + "public String get() { return \"ok\"; } }\n";
    write(dir, sub0, subSource);
    return write(dir, l, source);
  }

  private static Path write(Path dir, String name, String source) {
    try {
      Path file = dir.resolve("gen").resolve(name + ".java");
      Files.createDirectories(file.getParent());
      Files.writeString(file, source);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void compile(Path dir, List<Path> roots) {
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    List<String> args =
        new ArrayList<>(List.of("-d", dir.toString(), "-classpath", classPath(), "-proc:none"));
    try (var files = Files.walk(dir.resolve("gen"))) {
      files.filter(p -> p.toString().endsWith(".java")).forEach(p -> args.add(p.toString()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int status = compiler.run(null, null, null, args.toArray(String[]::new));
    if (status != 0) {
      throw new IllegalStateException("generated resources did not compile: " + status);
    }
  }

  private static String classPath() {
    List<String> entries = new ArrayList<>();
    for (Class<?> type : List.of(RequireAuth.class, GET.class, PermitAll.class)) {
      try {
        entries.add(
            Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
      } catch (URISyntaxException e) {
        throw new IllegalStateException(e);
      }
    }
    return String.join(java.io.File.pathSeparator, entries);
  }

  /**
   * The reference model: the status a request with {@code token} gets from {@code tree}, with
   * Gatehouse registered globally or name-bound.
   */
  static int expected(Tree tree, Token token, boolean nameBound) {
    boolean needsToken = false;
    boolean denied = false;
    boolean permitted = false;
    Set<String> scopes = new LinkedHashSet<>();
    List<String> roles = new ArrayList<>();
    for (Level level : tree.levels()) {
      // The method's annotation of a kind overrides the class's.
      Ann security =
          level.method().security()
              ? level.method()
              : level.type().security() ? level.type() : Ann.NONE;
      String securityTag = level.method().security() ? level.methodTag() : level.typeTag();
      // A method's @PermitAll waives the class's scopes; scopes beside it still apply.
      String scope =
          level.method() == Ann.SCOPES
              ? level.methodTag()
              : level.method() == Ann.PERMIT
                  ? null
                  : level.type() == Ann.SCOPES ? level.typeTag() : null;
      boolean marker = level.type() == Ann.AUTH || level.method() == Ann.AUTH;
      if (scope != null) {
        scopes.add("s_" + scope);
      }
      if (security == Ann.ROLES) {
        roles.add("r_" + securityTag);
      }
      denied |= security == Ann.DENY;
      permitted |= security == Ann.PERMIT && scope == null;
      needsToken |= scope != null || security == Ann.ROLES || security == Ann.DENY || marker;
    }
    if (nameBound && !needsToken) {
      return 200;
    }
    if (denied) {
      return 403;
    }
    if (token == Token.BAD) {
      return 401;
    }
    if (token == Token.NONE) {
      return !needsToken && permitted ? 200 : 401;
    }
    boolean hasScopes = token == Token.ALL || token == Token.SCOPES_ONLY;
    boolean hasRoles = token == Token.ALL || token == Token.ROLES_ONLY;
    if (!scopes.isEmpty() && !hasScopes) {
      return 403;
    }
    return !roles.isEmpty() && !hasRoles ? 403 : 200;
  }
}
