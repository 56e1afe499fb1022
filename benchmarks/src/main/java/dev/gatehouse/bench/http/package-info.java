/**
 * End-to-end load over loopback HTTP: {@link dev.gatehouse.bench.http.HttpBenchServer} serves one
 * Jetty endpoint without the filter and the same endpoint behind {@code RequireAuthFilter} in
 * several configurations; {@code benchmarks/http-load.sh} drives it with wrk, or with {@link
 * dev.gatehouse.bench.http.LoadClient} where wrk is missing.
 */
@NullMarked
package dev.gatehouse.bench.http;

import org.jspecify.annotations.NullMarked;
