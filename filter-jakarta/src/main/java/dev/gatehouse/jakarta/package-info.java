/**
 * Gatehouse on full Jakarta EE servers: a Jakarta Security {@code HttpAuthenticationMechanism} on
 * the core decision path ({@link dev.gatehouse.jakarta.GatehouseMechanism}), turned on by {@link
 * dev.gatehouse.jakarta.GatehouseAuthenticationMechanismDefinition} or MicroProfile Config, and CDI
 * producers of the request's {@code Auth} and its claims ({@link dev.gatehouse.jakarta.Claim}).
 */
@NullMarked
package dev.gatehouse.jakarta;

import org.jspecify.annotations.NullMarked;
