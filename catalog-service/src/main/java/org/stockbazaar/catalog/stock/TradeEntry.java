package org.stockbazaar.catalog.stock;

/**
 * One applied trade as it is journaled: enough to replay it, to check the replay (the quantity and volume it left
 * behind) and to answer a retry of the same request id with the original result.
 */
public record TradeEntry(long seq, String requestId, String name, TradeType type, long units,
        long quantityAfter, long volumeAfter) {
}
