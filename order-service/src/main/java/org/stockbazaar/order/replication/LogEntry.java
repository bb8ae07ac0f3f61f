package org.stockbazaar.order.replication;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import org.stockbazaar.support.trade.Trade;

/**
 * One order in the log: the {@link Trade} as the leader accepted it, {@code number} its transaction number (its
 * position, from 0) and {@code epoch} the epoch of the leader that created it. Between replicas it is one flat
 * object, {@code {"number","epoch","requestId","name","type","quantity"}}.
 */
public record LogEntry(long number, long epoch, @JsonUnwrapped Trade trade) {

    /** What makes a retried trade recognisable, and what the log looks orders up by. */
    public String requestId() {
        return trade.requestId();
    }
}
