package org.stockbazaar.catalog.stock;

import com.fasterxml.jackson.annotation.JsonAlias;
import org.stockbazaar.support.trade.TradeType;

/**
 * One applied order as it is journaled: enough to replay it and to check the replay (the quantity and volume it
 * left behind). Entry {@code seq} is the order with transaction number {@code seq - 1}; the request id names the
 * trade it came from.
 *
 * @param quantity the quantity traded; journals written before it had this name call it {@code units}, and still
 *                 load
 */
record TradeEntry(long seq, String requestId, String name, TradeType type, @JsonAlias("units") long quantity,
        long quantityAfter, long volumeAfter) {
}
