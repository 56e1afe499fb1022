/**
 * Cache-miss verification of one access token per algorithm (ES256, RS256, PS256, EdDSA), one class
 * per implementation so that each covers exactly the algorithms it supports:
 *
 * <ul>
 *   <li>{@link dev.gatehouse.bench.miss.RawJdk}: the floor, {@code java.security.Signature} over
 *       the signing input with the JDK's provider; every ratio is to this figure.
 *   <li>{@link dev.gatehouse.bench.miss.RawConscrypt}: the same with Conscrypt, for reference.
 *   <li>{@link dev.gatehouse.bench.miss.Gatehouse}: {@code TokenVerifier.verify} with no token
 *       cache, once per signature provider (JDK, BouncyCastle, Conscrypt).
 *   <li>{@link dev.gatehouse.bench.miss.Jose4j}, {@link dev.gatehouse.bench.miss.Nimbus}, {@link
 *       dev.gatehouse.bench.miss.SpringSecurity}, {@link dev.gatehouse.bench.miss.SmallRye}, {@link
 *       dev.gatehouse.bench.miss.Auth0}, {@link dev.gatehouse.bench.miss.Jjwt}: peers, each
 *       checking signature, issuer, audience and expiry of the same token with the same key.
 * </ul>
 */
@NullMarked
package dev.gatehouse.bench.miss;

import org.jspecify.annotations.NullMarked;
