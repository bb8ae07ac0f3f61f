package org.stockbazaar.order.replication;

/**
 * One order in the log. {@code number} is its transaction number (its position, from 0); {@code epoch} the epoch of
 * the leader that created it; {@code requestId} what makes a retried trade recognisable.
 */
public record LogEntry(long number, long epoch, String requestId, String name, String type, long quantity) {
}
