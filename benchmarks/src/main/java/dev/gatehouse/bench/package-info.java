/**
 * Benchmarks of token verification: {@link dev.gatehouse.bench.Fixture} sets up an issuer and a
 * token; {@code miss} compares cache-miss verification with the JDK floor and peer libraries;
 * {@code hit} measures the cache-hit path; {@code http} serves a Jetty endpoint for load tests;
 * {@link dev.gatehouse.bench.Report} turns JMH results into ratio tables.
 */
@NullMarked
package dev.gatehouse.bench;

import org.jspecify.annotations.NullMarked;
