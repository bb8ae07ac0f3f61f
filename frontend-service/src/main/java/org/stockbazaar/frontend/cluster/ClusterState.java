package org.stockbazaar.frontend.cluster;

import java.util.List;
import org.stockbazaar.frontend.order.Order;
import org.stockbazaar.frontend.leader.ReplicaProbe.ReplicaView;
import org.stockbazaar.frontend.stock.Stock;

/**
 * What {@code GET /cluster/state} answers, and the page draws.
 *
 * @param leaderId    the ready replica that answered it leads, the highest epoch if several do; 0 if none does (after
 *                    a leader's crash, until the front end's next trade selects one)
 * @param replicas    every replica, lowest id first
 * @param cache       the front end's stock cache
 * @param lastTrades  the trades this front end acknowledged last, newest first
 * @param stocks      every stock as the catalog holds it; null if the catalog did not answer in time
 */
record ClusterState(long takenAtMillis, int leaderId, List<ReplicaView> replicas, CacheState cache,
        List<Order> lastTrades, List<Stock> stocks) {

    /**
     * @param entries the cached stocks, least recently used (the next to be evicted) first
     * @param hitRate hits / (hits + misses) since the front end started; 0 before the first lookup
     */
    record CacheState(boolean enabled, String policy, int capacity, List<Stock> entries, long hits, long misses,
            double hitRate) {
    }
}
