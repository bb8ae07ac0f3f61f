package org.stockbazaar.order.trade;

import java.util.HashMap;
import java.util.Map;
import org.stockbazaar.order.replication.LogEntry;
import org.stockbazaar.support.ApiException;
import org.stockbazaar.support.trade.Trade;
import org.stockbazaar.support.trade.TradeType;

/**
 * The leader's view of every stock's quantity, for one epoch of its leadership: the catalog's quantities after the
 * committed orders it holds, plus every later order in this leader's log, committed or not (each will commit, or
 * this epoch ends and the next leader builds its own view). New trades are decided here, by {@link TradeType}'s
 * rule, just before they are appended: every order in the log fits the quantities its predecessors left, so the
 * catalog, replaying the committed ones by the same rule, reaches the same quantities.
 *
 * <p>Guarded by the replica's lock: filled while {@code Replica.visitFrom} holds it, then changed only by the
 * admission inside {@code Replica.appendAndCommit}.
 */
final class Ledger {

    private final long epoch;
    private final Map<String, Long> quantities;
    /** Set when an append failed after its orders were admitted: this view may count orders the log lacks. */
    private volatile boolean poisoned;

    Ledger(long epoch, Map<String, Long> catalogQuantities) {
        this.epoch = epoch;
        this.quantities = new HashMap<>(catalogQuantities);
    }

    long epoch() {
        return epoch;
    }

    /** Adds an order already in the log (one after the catalog's position). */
    void replay(LogEntry entry) {
        Trade trade = entry.trade();
        Long quantity = quantities.get(trade.name());
        if (quantity == null) {
            throw new IllegalStateException("order " + entry.number() + " names " + trade.name()
                    + ", which the catalog does not list");
        }
        try {
            quantities.put(trade.name(), trade.type().quantityAfter(quantity, trade.quantity()));
        } catch (ApiException refused) {
            throw new IllegalStateException("order " + entry.number() + " does not fit the quantities before it ("
                    + refused.getMessage() + ")");
        }
    }

    /**
     * Decides a new trade: null when it trades (and is counted, so the caller must append it now), else why not:
     * 404 for a stock the catalog does not list, 409 for a buy of more than is left. A refusal changes nothing.
     */
    ApiException refusal(Trade order) {
        if (poisoned) {
            throw new IllegalStateException("this view of the stocks is being rebuilt");
        }
        Long quantity = quantities.get(order.name());
        if (quantity == null) {
            return ApiException.notFound("stock not found");
        }
        try {
            quantities.put(order.name(), order.type().quantityAfter(quantity, order.quantity()));
            return null;
        } catch (ApiException refused) {
            return refused;
        }
    }

    void poison() {
        poisoned = true;
    }

    boolean poisoned() {
        return poisoned;
    }
}
