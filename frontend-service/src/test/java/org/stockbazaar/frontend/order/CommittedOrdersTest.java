package org.stockbazaar.frontend.order;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.stockbazaar.frontend.FrontendProperties;
import org.stockbazaar.support.trade.OrderBlock;
import org.stockbazaar.support.trade.TradeType;

/** The front end's store of committed orders: what it answers, and where a fetch for an order it lacks starts. */
class CommittedOrdersTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final CommittedOrders orders = new CommittedOrders(new FrontendProperties(URI.create("http://127.0.0.1:1"),
            Duration.ofMillis(300), Duration.ofSeconds(1)), meters);

    @Test
    void aBlockAnswersEachOfItsOrdersAndNothingPastIt() {
        orders.committed(block(512, 3));

        assertThat(orders.get(513)).contains(new Order(513, "BoarCo", TradeType.SELL, 2));
        assertThat(orders.get(515)).isEmpty();
        assertThat(orders.get(511)).isEmpty();
        assertThat(meters.get("cache.gets").tag("result", "hit").counter().count()).isEqualTo(1);
        assertThat(meters.get("cache.gets").tag("result", "miss").counter().count()).isEqualTo(2);
        assertThat(meters.get("cache.size").gauge().value()).isEqualTo(3);
    }

    @Test
    void aFetchStartsAtTheFirstOrderOfTheBlockNotHeldButNeverPastTheOrderAskedFor() {
        assertThat(orders.firstMissing(700)).isEqualTo(512);
        orders.committed(new Order(512, "GameStart", TradeType.BUY, 1));
        orders.committed(new Order(514, "GameStart", TradeType.BUY, 1));

        assertThat(orders.firstMissing(700)).isEqualTo(513);
        // another query filled the block past the one asked for after it missed: the fetch still covers it
        orders.committed(block(512, 200));
        assertThat(orders.firstMissing(600)).isEqualTo(600);
        assertThat(orders.firstMissing(705)).isEqualTo(705);
        assertThat(orders.firstMissing(712)).isEqualTo(712);
    }

    /** Committed orders {@code first} to {@code first + size - 1}, as the leader sends them. */
    private static OrderBlock block(long first, int size) {
        String[] names = new String[size];
        TradeType[] types = new TradeType[size];
        long[] quantities = new long[size];
        for (int i = 0; i < size; i++) {
            names[i] = i % 2 == 0 ? "GameStart" : "BoarCo";
            types[i] = TradeType.SELL;
            quantities[i] = i + 1;
        }
        return new OrderBlock(first, names, types, quantities);
    }
}
