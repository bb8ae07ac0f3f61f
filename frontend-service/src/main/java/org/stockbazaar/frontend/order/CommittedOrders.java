package org.stockbazaar.frontend.order;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.stockbazaar.frontend.FrontendProperties;

/**
 * Committed orders this front end has seen (those it acknowledged, and those a query fetched from the leader),
 * kept to answer an order query without asking the leader. A transaction number, once committed, names the same
 * order forever (docs/replication.md: the log never rewrites a committed entry), so a kept order is never stale and
 * needs no invalidation; only a number not (yet) committed goes to the leader every time. Bounded
 * ({@code bazaar.frontend.order-cache-size}); when full, Caffeine's W-TinyLFU drops the orders asked for least (an
 * order dropped costs one hop to the leader, so its policy is good enough here). Its hits and misses are the
 * {@code cache.gets} meter tagged {@code cache=orders}.
 */
@Component
class CommittedOrders {

    static final String NAME = "orders";

    private final Cache<Long, Order> orders;

    CommittedOrders(FrontendProperties properties, MeterRegistry meters) {
        this.orders = Caffeine.newBuilder().maximumSize(properties.orderCacheSize()).recordStats().build();
        CaffeineCacheMetrics.monitor(meters, orders, NAME);
    }

    /** Only an order the leader committed: an acknowledged trade or a leader's answer to a query. */
    void committed(Order order) {
        orders.put(order.number(), order);
    }

    Optional<Order> get(long number) {
        return Optional.ofNullable(orders.getIfPresent(number));
    }
}
