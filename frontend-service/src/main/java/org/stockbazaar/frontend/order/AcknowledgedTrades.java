package org.stockbazaar.frontend.order;

import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The last trades this front end acknowledged, for the cluster page: a bounded ring, so it costs the trade path one
 * short lock and no memory growth. Only this front end's trades: another front end's do not appear.
 */
@Component
public final class AcknowledgedTrades {

    static final int KEPT = 20;

    private final ArrayDeque<Order> newestFirst = new ArrayDeque<>(KEPT);

    synchronized void add(Order trade) {
        if (newestFirst.size() == KEPT) {
            newestFirst.removeLast();
        }
        newestFirst.addFirst(trade);
    }

    /**
     * Highest transaction number first: trades sent together are acknowledged in no particular order, and the log's
     * order is the one a reader expects.
     */
    public List<Order> newestFirst() {
        List<Order> copy;
        synchronized (this) {
            copy = List.copyOf(newestFirst);
        }
        return copy.stream().sorted(Comparator.comparingLong(Order::number).reversed()).toList();
    }
}
