/** Revocations and DPoP replays shared by every node of a cluster through Redis. */
// Jedis is an automatic module, named by the Automatic-Module-Name of its manifest.
@SuppressWarnings("requires-automatic")
module dev.gatehouse.redis {
  exports dev.gatehouse.redis;

  requires transitive dev.gatehouse;
  requires redis.clients.jedis;
  requires org.slf4j;
  // @Nullable is part of the API's signatures; only compilers and checkers need the module.
  requires static transitive org.jspecify;

  provides dev.gatehouse.ReplayStore.Provider with
      dev.gatehouse.redis.RedisReplayStore.Provider;
  provides dev.gatehouse.RevocationReplica.Provider with
      dev.gatehouse.redis.RedisReplicaProvider;
}
