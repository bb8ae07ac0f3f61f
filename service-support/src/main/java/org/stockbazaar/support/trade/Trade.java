package org.stockbazaar.support.trade;

/**
 * One trade, the same record from the front end's batch to the leader, in the order log and on its way to the
 * catalog: {@code {"requestId","name","type","quantity"}}. It holds what it was given; {@link TradeRules} says
 * whether that is a trade, at every service that receives one.
 *
 * @param requestId the client's {@code Idempotency-Key} or a UUID the front end chose; every retry of this trade
 *                  carries the same one, which is what lets the replicas and the catalog recognise a retry
 * @param name      the stock
 * @param type      null only if the sender named no type this service knows
 * @param quantity  how much of the stock changes hands
 */
public record Trade(String requestId, String name, TradeType type, long quantity) {

    /** The same order (stock, type, quantity), whatever its request id: what a retry of this trade must be. */
    public boolean sameOrderAs(Trade other) {
        return name.equals(other.name) && type == other.type && quantity == other.quantity;
    }
}
