package org.stockbazaar.order.replication;

/**
 * Not enough replicas answered, or not in time: a candidate gathered no majority of promises, a new leader's history
 * was confirmed by no follower, or an order was not confirmed by a majority within the commit timeout. Nothing the
 * caller asked for is known to have happened (an order appended may still commit later); it may try again.
 */
public class NoMajorityException extends RuntimeException {

    public NoMajorityException(String message) {
        super(message);
    }

    static NoMajorityException toLead(int replicaId) {
        return new NoMajorityException("replica " + replicaId + " could not gather a majority to lead");
    }

    static NoMajorityException forHistory(int replicaId) {
        return new NoMajorityException("replica " + replicaId + " leads but no follower confirmed its log");
    }

    static NoMajorityException forOrder() {
        return new NoMajorityException("order not confirmed by a majority in time");
    }
}
