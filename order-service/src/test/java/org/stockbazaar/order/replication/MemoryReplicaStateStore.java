package org.stockbazaar.order.replication;

/** A {@link ReplicaState.Store} whose every save is durable at once (the file store fsyncs before returning). */
final class MemoryReplicaStateStore implements ReplicaState.Store {

    private ReplicaState state = ReplicaState.INITIAL;
    private boolean exists;

    /** A store of a replica that has been part of the cluster from its start (saved once, empty). */
    MemoryReplicaStateStore() {
        this(true);
    }

    /** @param exists false for a brand-new or wiped disk: nothing was ever saved */
    MemoryReplicaStateStore(boolean exists) {
        this.exists = exists;
    }

    @Override
    public ReplicaState load() {
        return state;
    }

    @Override
    public void save(ReplicaState next) {
        state = next;
        exists = true;
    }

    @Override
    public boolean exists() {
        return exists;
    }
}
