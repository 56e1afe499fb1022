/**
 * The key-source data applications see: {@link dev.gatehouse.jwks.JwksSettings} (how an issuer's
 * keys are cached and refreshed) and {@link dev.gatehouse.jwks.JwksStatus} (what {@code
 * keyStatus()} reports for health checks). The key source itself lives, package-private, in {@code
 * dev.gatehouse}; this package depends on nothing of Gatehouse's.
 */
@NullMarked
package dev.gatehouse.jwks;

import org.jspecify.annotations.NullMarked;
