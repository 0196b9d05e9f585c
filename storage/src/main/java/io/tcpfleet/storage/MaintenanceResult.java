package io.tcpfleet.storage;

import java.util.List;

/**
 * What one {@link SampleStore#maintain} call did.
 *
 * @param ran                false when another caller was maintaining the store and this one did nothing
 * @param samplesDeleted     samples retention deleted (on PostgreSQL: the rows of the dropped partitions)
 * @param partitionsCreated  PostgreSQL partitions created ahead of time (none on H2)
 * @param partitionsDropped  PostgreSQL partitions dropped by retention (none on H2)
 */
public record MaintenanceResult(boolean ran, long samplesDeleted, List<String> partitionsCreated,
                                List<String> partitionsDropped) {

    public static final MaintenanceResult SKIPPED = new MaintenanceResult(false, 0, List.of(), List.of());

    public MaintenanceResult {
        partitionsCreated = List.copyOf(partitionsCreated);
        partitionsDropped = List.copyOf(partitionsDropped);
    }
}
