package org.stockbazaar.support.trade;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * A trade the order log has committed as transaction {@code number}, as the leader feeds it to the catalog:
 * {@code {"number","requestId","name","type","quantity","routedBy"}}. The catalog applies order {@code number} once,
 * right after order {@code number - 1}.
 *
 * @param routedBy the front end that routed the trade to this leader and waits for its answer ({@link TradeBatch}'s
 *     {@code frontend}), if the leader knows it: that front end drops the stock from its cache itself once answered
 */
public record CommittedOrder(long number, @JsonUnwrapped Trade trade,
        @JsonInclude(JsonInclude.Include.NON_NULL) String routedBy) {

    public CommittedOrder(long number, Trade trade) {
        this(number, trade, null);
    }
}
