/**
 * Revocations shared across a cluster through Redis: {@link dev.gatehouse.redis.RedisRevocations}
 * keeps each node's {@link dev.gatehouse.Revocations} list in step through one Redis stream, so a
 * logout or a ban recorded on any node is enforced on every node, while the request path never
 * calls Redis.
 */
@NullMarked
package dev.gatehouse.redis;

import org.jspecify.annotations.NullMarked;
