package org.stockbazaar.order.replication;

/**
 * Who leads, in which epoch: the answer to a request to lead (normally the replica asked, or the sitting leader it
 * deferred to) and the notice a front end sends to the other replicas.
 */
public record Leadership(int leaderId, long epoch) {
}
