package org.stockbazaar.catalog.stock;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.stockbazaar.support.ApiException;
import org.stockbazaar.support.trade.CommittedOrder;
import org.stockbazaar.support.trade.Trade;

/**
 * The stocks as of the first {@link #applied()} committed orders, with no I/O and no locking (the caller
 * serialises access). The order leader has already decided each order by the same rule ({@code TradeType}); the
 * book replays it and refuses one that does not fit, which would mean the catalog and the order log disagree.
 */
final class StockBook {

    private final Map<String, Stock> stocks = new LinkedHashMap<>();
    /** Orders applied: 0 to {@code applied - 1}. Journal entry {@code seq} is order {@code seq - 1}. */
    private long applied;

    StockBook(Collection<Stock> initial, long applied) {
        initial.forEach(stock -> stocks.put(stock.name(), stock));
        this.applied = applied;
    }

    /** The journal entry that applying this committed order (the next one) produces; applies nothing. */
    TradeEntry entryFor(CommittedOrder order) {
        if (order.number() != applied) {
            throw new IllegalStateException("order " + order.number() + " out of sequence after " + applied
                    + " applied orders");
        }
        Trade trade = order.trade();
        Stock stock = stocks.get(trade.name());
        if (stock == null) {
            throw new IllegalStateException("order " + order.number() + " names unknown stock " + trade.name());
        }
        Stock after;
        try {
            after = stock.after(trade.type(), trade.quantity());
        } catch (ApiException refused) {
            throw new IllegalStateException("order " + order.number() + " cannot apply: " + refused.getMessage());
        }
        return new TradeEntry(applied + 1, trade.requestId(), trade.name(), trade.type(), trade.quantity(),
                after.quantity(), after.volume());
    }

    /** Applies the next entry, live or from the journal; refuses an entry out of sequence or inconsistent. */
    Stock apply(TradeEntry entry) {
        if (entry.seq() != applied + 1) {
            throw new IllegalStateException("trade " + entry.seq() + " out of sequence after " + applied);
        }
        Stock stock = stocks.get(entry.name());
        if (stock == null) {
            throw new IllegalStateException("trade " + entry.seq() + " names unknown stock " + entry.name());
        }
        Stock after;
        try {
            after = stock.after(entry.type(), entry.quantity());
        } catch (ApiException refused) {
            throw new IllegalStateException("trade " + entry.seq() + " does not match the state it was applied to");
        }
        if (after.quantity() != entry.quantityAfter() || after.volume() != entry.volumeAfter()) {
            throw new IllegalStateException("trade " + entry.seq() + " does not match the state it was applied to");
        }
        stocks.put(after.name(), after);
        applied = entry.seq();
        return after;
    }

    List<Stock> stocks() {
        return List.copyOf(stocks.values());
    }

    /** How many committed orders the book holds (the next one to apply has this transaction number). */
    long applied() {
        return applied;
    }
}
