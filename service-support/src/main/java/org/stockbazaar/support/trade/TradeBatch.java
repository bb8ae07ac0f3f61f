package org.stockbazaar.support.trade;

import java.util.List;

/**
 * The front end's {@code POST /internal/orders} to the leader: {@code {"trades":[{"requestId","name","type",
 * "quantity"},...]}}, answered with one result per trade, in order (a {@link TradeReply} or the trade's own error).
 */
public record TradeBatch(List<Trade> trades) {
}
