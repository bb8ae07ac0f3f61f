package org.stockbazaar.support.trade;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The front end's {@code POST /internal/orders} to the leader: {@code {"trades":[{"requestId","name","type",
 * "quantity"},...],"frontend":"…"}}, answered with one result per trade, in order (a {@link TradeReply} or the
 * trade's own error).
 *
 * @param frontend the id the sending front end's stock cache is registered under at the catalog, if it has one: it
 *     drops each trade's stock from its cache itself once the trade is answered, so the catalog need not push those
 *     evictions to it before the trades are answered (docs/cache.md, "The front end that routed a trade")
 */
public record TradeBatch(List<Trade> trades, @JsonInclude(JsonInclude.Include.NON_NULL) String frontend) {

    public TradeBatch(List<Trade> trades) {
        this(trades, null);
    }
}
