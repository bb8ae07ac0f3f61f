package org.stockbazaar.support.trade;

import java.util.List;

/**
 * The leader's {@code POST /internal/committed}: {@code {"epoch":3,"orders":[...]}}, committed orders in number
 * order from the leader of {@code epoch}, answered with a {@link Reply}.
 */
public record CommittedFeed(long epoch, List<CommittedOrder> orders) {

    /** {@code {"applied":N}}: how many committed orders the catalog holds durably. */
    public record Reply(long applied) {
    }
}
