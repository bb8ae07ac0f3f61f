package org.stockbazaar.frontend.order;

import java.util.List;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/**
 * The last trades this front end acknowledged, for the cluster page: the {@link #KEPT} highest transaction numbers,
 * each once, so it costs the trade path one short lock and no memory growth. A repeated order (the same
 * {@code Idempotency-Key}) is answered the first one's number and is the same trade: it is listed once, and one
 * older than those kept is not listed again. Only this front end's trades: another front end's do not appear.
 */
@Component
public final class AcknowledgedTrades {

    static final int KEPT = 20;

    private final TreeMap<Long, Order> byNumber = new TreeMap<>();

    synchronized void add(Order trade) {
        byNumber.put(trade.number(), trade);
        if (byNumber.size() > KEPT) {
            byNumber.pollFirstEntry();
        }
    }

    /**
     * Highest transaction number first: trades sent together are acknowledged in no particular order, and the log's
     * order is the one a reader expects.
     */
    public synchronized List<Order> newestFirst() {
        return List.copyOf(byNumber.descendingMap().values());
    }
}
