/**
 * Bearer-token verification for resource servers: {@link dev.gatehouse.TokenVerifier} turns an
 * {@code Authorization} header into an {@link dev.gatehouse.Auth} or a typed {@link
 * dev.gatehouse.AuthFailure}; {@link dev.gatehouse.Guard} adds the per-route decision and renders
 * the answer that every adapter writes unchanged.
 */
@NullMarked
package dev.gatehouse;

import org.jspecify.annotations.NullMarked;
