/**
 * The Redis {@link dev.duplex.spring.cluster.ClusterBroker} (Lettuce): pub/sub channels per room, per user and
 * one for everyone; presence in hashes kept alive by node heartbeats; room history on Redis Streams.
 */
package dev.duplex.spring.cluster.redis;
