package io.tcpfleet.serve;

import java.util.List;

/**
 * This collector's place in a cluster of collectors (PostgreSQL), as {@code /health} and
 * {@code /metrics} show it.
 *
 * @param node            this node's name
 * @param liveNodes       nodes alive by the last heartbeat, this one included
 * @param hostsOwned      hosts this node is to poll in the current interval (its share)
 * @param claimsLost      hosts of its share another node had claimed first, since start
 * @param reachable       whether the last heartbeat reached the database
 * @param inventoryDiffers the live nodes whose inventory differs from this node's, each as "name (N hosts)"
 */
public record ClusterStatus(String node, int liveNodes, int hostsOwned, long claimsLost, boolean reachable,
                            List<String> inventoryDiffers) {

    public ClusterStatus {
        inventoryDiffers = List.copyOf(inventoryDiffers);
    }

    /** For a person: "node a, 3 live nodes, polls 100 hosts". */
    public String summary() {
        return "cluster node " + node + " of " + liveNodes + " live, owns " + hostsOwned + " hosts"
                + (reachable ? "" : ", database unreachable: polling its last known share without claims");
    }
}
