package org.stockbazaar.order.replication;

/**
 * What a replica must remember across crashes besides its log.
 *
 * @param promisedEpoch the highest epoch it promised to a candidate: it refuses anything from an older epoch
 * @param logEpoch      the epoch of the last leader its log was synchronised with: its log is a prefix of that
 *                      leader's log. Elections compare logs by ({@code logEpoch}, last index).
 */
public record ReplicaState(long promisedEpoch, long logEpoch) {

    public static final ReplicaState INITIAL = new ReplicaState(0, 0);

    /** Where the state is kept; {@link #save} returns only once the state is durable. */
    public interface Store {
        ReplicaState load();

        void save(ReplicaState state);

        /**
         * False when nothing was ever saved here: a replica that never joined a cluster, or one that lost its disk.
         * The two look the same, so such a replica must recover from its peers (or bootstrap a new cluster).
         */
        boolean exists();
    }
}
