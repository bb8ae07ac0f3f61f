package org.stockbazaar.order.replication;

/** A {@link ReplicaState.Store} whose every save is durable at once (the file store fsyncs before returning). */
final class MemoryReplicaStateStore implements ReplicaState.Store {

    private ReplicaState state = ReplicaState.INITIAL;

    @Override
    public ReplicaState load() {
        return state;
    }

    @Override
    public void save(ReplicaState next) {
        state = next;
    }
}
