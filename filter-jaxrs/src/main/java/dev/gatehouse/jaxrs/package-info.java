/**
 * Gatehouse for Jakarta REST 3.1: {@link dev.gatehouse.jaxrs.BearerAuthFilter} authenticates bearer
 * tokens through the core {@link dev.gatehouse.Guard} and installs a {@code SecurityContext};
 * {@link dev.gatehouse.jaxrs.GatehouseFeature} registers it globally or for {@link
 * dev.gatehouse.jaxrs.RequireAuth} resources, with {@link dev.gatehouse.jaxrs.RequireScopes}
 * checked after authentication. Needs no servlet container and no particular Jakarta REST
 * implementation.
 */
@NullMarked
package dev.gatehouse.jaxrs;

import org.jspecify.annotations.NullMarked;
