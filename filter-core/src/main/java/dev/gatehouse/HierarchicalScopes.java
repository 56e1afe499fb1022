package dev.gatehouse;

import java.util.Set;

/** The {@link ScopeMatcher#HIERARCHICAL} rules; see that constant for the table. */
final class HierarchicalScopes {
  private HierarchicalScopes() {}

  static boolean grants(Set<String> granted, String required) {
    if (granted.contains(required)) {
      return true;
    }
    int colon = required.indexOf(':');
    // A plain role scope (no colon) never matches a wildcard.
    if (colon <= 0 || colon == required.length() - 1) {
      return false;
    }
    String resource = required.substring(0, colon);
    String action = required.substring(colon + 1);
    for (String scope : granted) {
      if (grantsOne(scope, resource, action)) {
        return true;
      }
    }
    return false;
  }

  private static boolean grantsOne(String scope, String resource, String action) {
    int colon = scope.indexOf(':');
    if (colon <= 0) {
      return false;
    }
    String grantedResource = scope.substring(0, colon);
    String grantedAction = scope.substring(colon + 1);
    if (grantedAction.equals("**")) {
      // "r:**" covers r and every r.sub; "*:**" covers everything.
      return grantedResource.equals("*")
          || resource.equals(grantedResource)
          || resource.startsWith(grantedResource + ".");
    }
    boolean actionMatches = grantedAction.equals("*") || grantedAction.equals(action);
    if (!actionMatches) {
      return false;
    }
    // "*" as a resource stands for one top-level resource, never a dotted sub-resource.
    return grantedResource.equals("*")
        ? resource.indexOf('.') < 0
        : grantedResource.equals(resource);
  }
}
