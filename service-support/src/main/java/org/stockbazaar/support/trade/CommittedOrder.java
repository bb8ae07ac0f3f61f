package org.stockbazaar.support.trade;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * A trade the order log has committed as transaction {@code number}, as the leader feeds it to the catalog:
 * {@code {"number","requestId","name","type","quantity"}}. The catalog applies order {@code number} once, right
 * after order {@code number - 1}.
 */
public record CommittedOrder(long number, @JsonUnwrapped Trade trade) {
}
