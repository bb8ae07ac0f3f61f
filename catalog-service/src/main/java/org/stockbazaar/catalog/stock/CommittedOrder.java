package org.stockbazaar.catalog.stock;

import org.stockbazaar.support.TradeType;

/**
 * An order the order log has committed, as its leader feeds it to the catalog: the catalog applies order
 * {@code number} once, right after order {@code number - 1}.
 */
record CommittedOrder(long number, String requestId, String name, TradeType type, long quantity) {
}
