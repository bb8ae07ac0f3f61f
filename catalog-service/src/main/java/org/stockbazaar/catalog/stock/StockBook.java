package org.stockbazaar.catalog.stock;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.stockbazaar.support.ApiException;

/**
 * The catalog's rules, with no I/O and no locking (the caller serialises access): a buy succeeds only while the
 * quantity suffices, a sell adds, each applied trade gets the next sequence number, and a request id seen among the
 * recent trades is answered with its first result instead of trading twice.
 */
public final class StockBook {

    private final Map<String, Stock> stocks = new LinkedHashMap<>();
    private final LinkedHashMap<String, TradeEntry> recent;
    private long lastSeq;

    public StockBook(Collection<Stock> initial, long lastSeq, Collection<TradeEntry> recentTrades, int remembered) {
        initial.forEach(stock -> stocks.put(stock.name(), stock));
        this.lastSeq = lastSeq;
        this.recent = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, TradeEntry> eldest) {
                return size() > remembered;
            }
        };
        recentTrades.forEach(entry -> recent.put(entry.requestId(), entry));
    }

    /** The entry this trade request produces, or the earlier entry of the same request id; applies nothing. */
    public Decision decide(String name, TradeType type, long units, String requestId) {
        TradeEntry earlier = recent.get(requestId);
        if (earlier != null) {
            if (!earlier.name().equals(name) || earlier.type() != type || earlier.units() != units) {
                throw new ApiException(HttpStatus.CONFLICT, "request id already used for a different trade");
            }
            return new Decision(earlier, true);
        }
        Stock stock = stocks.get(name);
        if (stock == null) {
            throw ApiException.notFound("stock not found");
        }
        if (type == TradeType.BUY && stock.quantity() < units) {
            throw new ApiException(HttpStatus.CONFLICT, "not enough stock: only " + stock.quantity() + " left");
        }
        Stock after = stock.after(type, units);
        return new Decision(new TradeEntry(lastSeq + 1, requestId, name, type, units, after.quantity(),
                after.volume()), false);
    }

    /** Applies the next entry, live or from the journal; refuses an entry out of sequence or inconsistent. */
    public Stock apply(TradeEntry entry) {
        if (entry.seq() != lastSeq + 1) {
            throw new IllegalStateException("trade " + entry.seq() + " out of sequence after " + lastSeq);
        }
        Stock stock = stocks.get(entry.name());
        if (stock == null) {
            throw new IllegalStateException("trade " + entry.seq() + " names unknown stock " + entry.name());
        }
        Stock after = stock.after(entry.type(), entry.units());
        if (after.quantity() != entry.quantityAfter() || after.volume() != entry.volumeAfter() || after.quantity() < 0) {
            throw new IllegalStateException("trade " + entry.seq() + " does not match the state it was applied to");
        }
        stocks.put(after.name(), after);
        recent.put(entry.requestId(), entry);
        lastSeq = entry.seq();
        return after;
    }

    public List<Stock> stocks() {
        return List.copyOf(stocks.values());
    }

    public List<TradeEntry> recentTrades() {
        return new ArrayList<>(recent.values());
    }

    public long lastSeq() {
        return lastSeq;
    }

    /** @param duplicate true when the entry is an earlier trade of the same request id */
    public record Decision(TradeEntry entry, boolean duplicate) {
    }
}
