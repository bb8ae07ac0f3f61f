package org.stockbazaar.frontend.order;

/**
 * A checked trade, as the front end sends it to the leader: {@code {"requestId","name","type","quantity"}}.
 *
 * @param requestId the client's {@code Idempotency-Key} or a new UUID; every retry of this trade carries the same
 *                  one, which is what lets the replicas and the catalog recognise a retry
 * @param type      {@code "buy"} or {@code "sell"}
 */
record TradeRequest(String requestId, String name, String type, long quantity) {
}
