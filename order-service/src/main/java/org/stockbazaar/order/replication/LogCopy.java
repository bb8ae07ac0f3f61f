package org.stockbazaar.order.replication;

import org.stockbazaar.order.replication.Messages.Fetch;
import org.stockbazaar.order.replication.Messages.FetchReply;

/**
 * Carries a {@link SyncUp} over the network: fetches from the source replica batch after batch and hands each reply
 * to the sync-up under the lock, until this log equals the source's (or the replica moved on). Used by the start-up
 * sync and by a candidate that must adopt a more up-to-date log; it keeps what the sync-up gauges show.
 */
final class LogCopy {

    private final OrderLog log;
    private final ReplicaLock lock;
    private final Peers peers;
    /** Orders a running copy still has to fetch from its source; 0 when none runs. */
    private volatile long remaining;
    private volatile boolean active;

    LogCopy(OrderLog log, ReplicaLock lock, Peers peers) {
        this.log = log;
        this.lock = lock;
        this.peers = peers;
    }

    /** Runs the sync-up to its end; a source that does not answer ends it with {@link PeerUnavailableException}. */
    void copyFrom(int source, SyncUp syncUp) {
        active = true;
        try {
            boolean done = false;
            while (!done) {
                Fetch fetch = lock.read(syncUp::nextFetch);
                FetchReply reply = peers.fetch(source, fetch);
                done = lock.change(() -> syncUp.onReply(reply));
                remaining = done ? 0 : Math.max(0, reply.lastIndex() - lock.read(log::lastIndex));
            }
        } finally {
            active = false;
            remaining = 0;
        }
    }

    boolean active() {
        return active;
    }

    long remaining() {
        return remaining;
    }
}
