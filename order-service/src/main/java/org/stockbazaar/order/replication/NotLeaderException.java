package org.stockbazaar.order.replication;

/** This replica is not (or no longer) the leader; {@code leaderId} is the leader it knows of, 0 if none. */
public class NotLeaderException extends RuntimeException {

    private final int leaderId;

    public NotLeaderException(int leaderId) {
        super("not the leader" + (leaderId > 0 ? "; the leader is replica " + leaderId : ""));
        this.leaderId = leaderId;
    }

    public int leaderId() {
        return leaderId;
    }
}
