package org.stockbazaar.catalog.stock;

import org.stockbazaar.support.TradeType;

/**
 * One applied order as it is journaled: enough to replay it and to check the replay (the quantity and volume it
 * left behind). Entry {@code seq} is the order with transaction number {@code seq - 1}; the request id names the
 * trade it came from.
 */
record TradeEntry(long seq, String requestId, String name, TradeType type, long units,
        long quantityAfter, long volumeAfter) {
}
