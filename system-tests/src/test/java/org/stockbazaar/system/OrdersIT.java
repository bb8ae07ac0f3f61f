package org.stockbazaar.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.stockbazaar.client.launch.ServiceProcess;

/** Trades and order queries through the front end, against the real replicas. */
class OrdersIT {

    private final Stack stack = Stack.get();
    private final Api api = new Api(stack.token);
    private final Replicas replicas = new Replicas(stack);

    @Test
    void aTradeGetsANumberAndItsOrderCanBeQueried() {
        Api.Reply trade = api.post(orders(), Map.of("name", "NFLX", "quantity", 1, "type", "sell"));
        assertThat(trade.status()).isEqualTo(200);
        long number = trade.data().get("transaction_number").asLong();

        Api.Reply order = api.get(stack.frontend.url().resolve("/orders/" + number));
        assertThat(order.status()).isEqualTo(200);
        assertThat(order.body().toString()).isEqualTo(
                "{\"data\":{\"number\":" + number + ",\"name\":\"NFLX\",\"type\":\"sell\",\"quantity\":1}}");
        assertThat(api.post(stack.frontend.url().resolve("/orders/"), Map.of("name", "NFLX", "quantity", 1,
                "type", "buy")).data().get("transaction_number").asLong()).isEqualTo(number + 1);
        assertThat(api.get(stack.frontend.url().resolve("/orders/999999999")).status()).isEqualTo(404);
    }

    @Test
    void oneGrepForATradesKeyFollowsItThroughEveryService() {
        // the stack logs org.stockbazaar.trades at DEBUG (Stack), as a user switches it on to follow trades
        String key = "follow-" + UUID.randomUUID();
        Api.Reply trade = api.postWithHeaders(orders(), Map.of("name", "NFLX", "quantity", 2, "type", "sell"),
                Map.of("Idempotency-Key", key));
        assertThat(trade.status()).isEqualTo(200);
        long number = trade.data().get("transaction_number").asLong();

        List<ServiceProcess> services = new ArrayList<>(List.of(stack.frontend, stack.catalog));
        IntStream.rangeClosed(1, 3).forEach(id -> services.add(stack.replica(id)));
        // the followers' appends may land just after the answer (the standby's is paced)
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            for (ServiceProcess service : services) {
                assertThat(service.logText().lines().filter(line -> line.contains(key)).toList())
                        .as("%s's log lines about trade %s", service.name(), key).isNotEmpty();
            }
        });
        assertThat(stack.frontend.logText().lines().filter(line -> line.contains(key)))
                .anySatisfy(line -> assertThat(line).contains("sell 2 NFLX: transaction " + number));
        assertThat(stack.replica(replicas.leader()).logText().lines().filter(line -> line.contains(key)))
                .anySatisfy(line -> assertThat(line).contains("committed as transactions"));
    }

    @Test
    void concurrentTradesGetUniqueGaplessNumbersAndEveryOrderStaysQueryable() throws Exception {
        Traders traders = new Traders(stack, 8, List.of("GOOGL", "NFLX"), 11);
        try (traders) {
            await().atMost(Duration.ofSeconds(60)).until(() -> traders.acknowledged.size() >= 400);
        }

        assertThat(traders.errors).isEmpty();
        TreeSet<Long> numbers = new TreeSet<>(traders.acknowledged.keySet());
        assertThat(numbers.last() - numbers.first() + 1).as("no gap between the numbers given")
                .isEqualTo(numbers.size());
        for (Traders.Order order : traders.acknowledged.values()) {
            Api.Reply reply = api.get(stack.frontend.url().resolve("/orders/" + order.number()));
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.data().get("name").asString()).isEqualTo(order.name());
            assertThat(reply.data().get("quantity").asLong()).isEqualTo(order.quantity());
        }
        replicas.awaitIdenticalLogs();
        List<Traders.Order> logged = replicas.rows(1);
        traders.acknowledged.values().forEach(order -> assertThat(logged.get((int) order.number())).isEqualTo(order));
    }

    @Test
    void aRetriedIdempotencyKeyTradesOnceAndKeepsItsNumber() {
        long before = catalogQuantity("AAPL");
        Map<String, String> key = Map.of("Idempotency-Key", "it-retry-" + System.nanoTime());
        Api.Reply first = api.postWithHeaders(orders(), Map.of("name", "AAPL", "quantity", 2, "type", "sell"), key);
        Api.Reply retry = api.postWithHeaders(orders(), Map.of("name", "AAPL", "quantity", 2, "type", "sell"), key);

        assertThat(first.status()).isEqualTo(200);
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.data().get("transaction_number").asLong())
                .isEqualTo(first.data().get("transaction_number").asLong());
        assertThat(catalogQuantity("AAPL")).isEqualTo(before + 2);

        Api.Reply reused = api.postWithHeaders(orders(), Map.of("name", "AAPL", "quantity", 3, "type", "sell"), key);
        assertThat(reused.status()).as("the same key for another order is a conflict, not a retry").isEqualTo(409);
        assertThat(catalogQuantity("AAPL")).isEqualTo(before + 2);
    }

    @Test
    void aRefusedTradeGetsNoNumberAndChangesNothing() {
        long before = catalogQuantity("RottenFishCo");
        Api.Reply refused = api.post(orders(), Map.of("name", "RottenFishCo", "quantity", 1_000_000, "type", "buy"));

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body().get("error").get("code").asInt()).isEqualTo(409);
        assertThat(catalogQuantity("RottenFishCo")).isEqualTo(before);
        Api.Reply next = api.post(orders(), Map.of("name", "RottenFishCo", "quantity", 1, "type", "sell"));
        replicas.awaitIdenticalLogs();
        assertThat(replicas.rows(1)).hasSize((int) next.data().get("transaction_number").asLong() + 1);
    }

    private URI orders() {
        return stack.frontend.url().resolve("/orders");
    }

    private long catalogQuantity(String stock) {
        return api.get(stack.catalog.url().resolve("/stocks/" + stock)).data().get("quantity").asLong();
    }
}
