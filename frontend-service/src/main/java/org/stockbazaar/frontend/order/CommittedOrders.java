package org.stockbazaar.frontend.order;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.stockbazaar.frontend.FrontendProperties;
import org.stockbazaar.support.trade.OrderBlock;
import org.stockbazaar.support.trade.TradeType;

/**
 * Committed orders this front end has seen (those it acknowledged, and the blocks of them a query fetched from the
 * leader), kept to answer an order query without asking the leader. A transaction number, once committed, names the
 * same order forever (docs/replication.md: the log never rewrites a committed entry), so a kept order is never stale
 * and needs no invalidation; only a number not (yet) committed goes to the leader every time.
 *
 * <p>Kept by blocks of {@link OrderBlock#SIZE} consecutive numbers, each a slot per order in three columns (the name,
 * shared with every other order of that stock; the type; the quantity), about 16 bytes an order: so a million orders
 * fit in some 16 MB, and a query that misses fetches its whole block, which answers the queries for its neighbours
 * too. Bounded ({@code bazaar.frontend.order-cache-size} orders, rounded up to whole blocks); when full, Caffeine's
 * W-TinyLFU drops the blocks asked for least (a block dropped costs one hop to the leader). Its hits and misses are
 * the {@code cache.gets} meter tagged {@code cache=orders}, as Micrometer's Caffeine binder names them, and the
 * orders it holds {@code cache.size}. Queries that miss the same block at once each fetch it: a cost while the store
 * fills, not a wrong answer.
 */
@Component
class CommittedOrders {

    static final String NAME = "orders";

    private final Cache<Long, Block> blocks;
    private final Counter hits;
    private final Counter misses;

    CommittedOrders(FrontendProperties properties, MeterRegistry meters) {
        this.blocks = Caffeine.newBuilder()
                // in whole blocks, rounded up: 0 keeps none
                .maximumWeight(Math.ceilDiv(properties.orderCacheSize(), OrderBlock.SIZE) * (long) OrderBlock.SIZE)
                .<Long, Block>weigher((first, block) -> OrderBlock.SIZE)
                .build();
        this.hits = Counter.builder("cache.gets").tag("cache", NAME).tag("result", "hit")
                .description("order queries answered from the front end's committed orders").register(meters);
        this.misses = Counter.builder("cache.gets").tag("cache", NAME).tag("result", "miss")
                .description("order queries sent to the leader").register(meters);
        Gauge.builder("cache.size", blocks, CommittedOrders::held).tag("cache", NAME)
                .description("committed orders the front end holds").register(meters);
    }

    /** Only an order the leader committed: an acknowledged trade. */
    void committed(Order order) {
        put(order.number(), order.name(), order.type(), order.quantity());
    }

    /** Only what the leader answered: the committed orders of a block. */
    void committed(OrderBlock block) {
        for (int i = 0; i < block.size(); i++) {
            put(block.first() + i, block.names()[i], block.types()[i], block.quantities()[i]);
        }
    }

    /** The order numbered {@code number}, if kept; counted as a hit or a miss. */
    Optional<Order> get(long number) {
        Block block = blocks.getIfPresent(OrderBlock.firstOf(number));
        Optional<Order> order = block == null ? Optional.empty() : block.get(number);
        (order.isPresent() ? hits : misses).increment();
        return order;
    }

    /**
     * Where a fetch for {@code number}, which this front end did not hold, should start: the first number of its
     * block that it does not hold either, and never past {@code number} (another query may have filled the block
     * since). So the block at the head of the log, which fills as trades commit, is fetched from where this front
     * end's knowledge of it ends, not whole again.
     */
    long firstMissing(long number) {
        long first = OrderBlock.firstOf(number);
        Block block = blocks.getIfPresent(first);
        return block == null ? first : Math.min(first + block.prefix(), number);
    }

    private void put(long number, String name, TradeType type, long quantity) {
        if (number < 0) {
            return;
        }
        blocks.get(OrderBlock.firstOf(number), Block::new).put(number, name.intern(), type, quantity);
    }

    private static double held(Cache<Long, Block> blocks) {
        return blocks.asMap().values().stream().mapToLong(Block::count).sum();
    }

    /** The orders of one block that this front end holds: a slot per number, empty until it is known. */
    private static final class Block {

        private final long first;
        private final String[] names = new String[OrderBlock.SIZE];
        private final TradeType[] types = new TradeType[OrderBlock.SIZE];
        private final long[] quantities = new long[OrderBlock.SIZE];
        private int count;

        Block(long first) {
            this.first = first;
        }

        synchronized void put(long number, String name, TradeType type, long quantity) {
            int slot = (int) (number - first);
            if (names[slot] == null) {
                count++;
            }
            names[slot] = name;
            types[slot] = type;
            quantities[slot] = quantity;
        }

        synchronized Optional<Order> get(long number) {
            int slot = (int) (number - first);
            return names[slot] == null ? Optional.empty()
                    : Optional.of(new Order(number, names[slot], types[slot], quantities[slot]));
        }

        synchronized int count() {
            return count;
        }

        /** How many of its first slots are filled, one after another from the first. */
        synchronized int prefix() {
            int filled = 0;
            while (filled < names.length && names[filled] != null) {
                filled++;
            }
            return filled;
        }
    }
}
