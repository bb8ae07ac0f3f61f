package org.stockbazaar.catalog.stock;

/**
 * A checked trade for the catalog to apply.
 *
 * @param requestId null for a trade nobody will retry (the catalog gives it a fresh id)
 */
public record TradeOrder(String name, TradeType type, long units, String requestId) {
}
