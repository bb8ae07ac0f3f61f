package org.stockbazaar.client.chaos;

import java.util.List;
import java.util.Map;

/**
 * What the stack holds once the faults have stopped and it is quiet: read from the replicas' and the catalog's
 * files (the harness owns their folders) and over HTTP.
 *
 * @param replicas        every replica's order log and journal
 * @param catalogTrades   the catalog's journal: every trade it applied
 * @param initial         each stock's quantity before the first trade
 * @param catalog         each stock's quantity as the catalog answers it now
 * @param frontendLookups each stock's quantity as the front end answers it now (through its cache)
 * @param orders          {@code GET /orders/n} through the front end for every acknowledged number
 */
record StoredState(List<ReplicaLog> replicas, List<CatalogTrade> catalogTrades, Map<String, Long> initial,
        Map<String, Long> catalog, Map<String, Long> frontendLookups, Map<Long, OrderAnswer> orders) {

    /** One replica's {@code order_log_<id>.csv} as bytes and rows, with the epochs and request ids of its journal. */
    record ReplicaLog(int id, byte[] bytes, List<LogRow> rows, List<MetaRow> meta) {
    }

    record LogRow(long number, String name, String type, long quantity) {

        String line() {
            return number + "," + name + "," + type + "," + quantity;
        }
    }

    record MetaRow(long number, long epoch, String requestId) {
    }

    /** A line of {@code catalog-journal.log}: the trade, and the stock's quantity after it. */
    record CatalogTrade(long seq, String requestId, String name, String type, long units, long quantityAfter) {
    }

    /** The front end's answer to {@code GET /orders/n}: status, and the order when it is 200. */
    record OrderAnswer(int status, String name, String type, long quantity) {
    }
}
