package org.stockbazaar.order.replication;

/**
 * An order for the leader to log, as the front end sends it (already validated there), with the request id that
 * makes it retryable.
 */
public record NewOrder(String requestId, String name, String type, long quantity) {
}
