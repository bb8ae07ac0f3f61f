package org.stockbazaar.client.results;

import java.util.List;

/**
 * {@code stack-check.json}: the stack's stored state after a run, as {@code client-load verify} found it.
 *
 * @param logsIdentical     every replica's {@code order_log_<id>.csv} has the same bytes
 * @param catalogConsistent every stock's catalog quantity is its initial quantity minus the units bought plus the
 *                          units sold in the order log
 */
public record StackCheck(long checkedAtEpochMs, List<ReplicaLog> logs, boolean logsIdentical, List<StockBalance> stocks,
        boolean catalogConsistent, String problem) {

    public boolean passed() {
        return logsIdentical && catalogConsistent;
    }

    public record ReplicaLog(int replica, String file, String sha256, long orders, long bytes) {
    }

    /** {@code catalog} is -1 when the catalog did not answer for this stock. */
    public record StockBalance(String name, long initial, long bought, long sold, long expected, long catalog) {

        public boolean consistent() {
            return expected == catalog;
        }
    }
}
