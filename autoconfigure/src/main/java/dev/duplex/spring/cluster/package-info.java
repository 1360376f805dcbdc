/**
 * Cluster mode: the {@link dev.duplex.spring.cluster.ClusterBroker} SPI that carries room, user and global
 * messages between nodes, presence across nodes and room history with resume. The in-memory
 * {@link dev.duplex.spring.cluster.LocalClusterBroker} serves a single node; {@code cluster.redis} spans many.
 */
package dev.duplex.spring.cluster;
