package dev.duplex.spring.cluster;

/**
 * A node of the cluster that is alive.
 *
 * @param self whether it is the node that answers
 */
public record ClusterNode(String id, boolean self) {
}
