/**
 * Micrometer meters for Gatehouse's events: {@link dev.gatehouse.micrometer.GatehouseMetrics}, a
 * {@link dev.gatehouse.GatehouseListener} that counts and times what the verifier does.
 */
@NullMarked
package dev.gatehouse.micrometer;

import org.jspecify.annotations.NullMarked;
