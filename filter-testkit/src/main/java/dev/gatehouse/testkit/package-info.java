/**
 * A fault-injecting OAuth 2.0 / OpenID Connect issuer for tests.
 *
 * <p>{@link dev.gatehouse.testkit.MockIssuer} serves a JWKS (RFC 7517 section 5), OpenID Connect
 * Discovery metadata and RFC 8414 authorization server metadata on 127.0.0.1, mints signed JWTs
 * (RFC 7519) and rotates keys. Each {@link dev.gatehouse.testkit.Endpoint} can be switched to fail
 * the way real identity providers fail: error statuses, hangs, delays, broken or oversized bodies.
 * {@link dev.gatehouse.testkit.TestClock} moves time without sleeping, and {@link
 * dev.gatehouse.testkit.MockIssuerExtension} wires one issuer into a JUnit 5 test class. {@link
 * dev.gatehouse.testkit.DpopProver} holds a client's DPoP key and signs its proofs (RFC 9449),
 * valid or broken.
 */
@NullMarked
package dev.gatehouse.testkit;

import org.jspecify.annotations.NullMarked;
