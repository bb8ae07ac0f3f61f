package org.stockbazaar.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The catalog holds exactly the committed orders, whatever happens to it and whoever gives up: after each fault,
 * once the stack is quiet, a stock's catalog quantity is what the orders in the log leave, with no client retry.
 */
class CatalogFollowsLogIT {

    private final Stack stack = Stack.get();
    private final Api api = new Api(stack.token);
    private final Replicas replicas = new Replicas(stack);

    @Test
    void aTradeWhoseClientGaveUpDuringACatalogStallIsInTheCatalogExactlyWhenItIsInTheLog() throws Exception {
        String stock = "GOOGL";
        long first = trade(stock, "sell", 1);
        long quantity = catalogQuantity(stock);
        stack.catalog.pause();
        try {
            // one sale by a client that gives up after a second and never asks again
            HttpClient impatient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpRequest sale = HttpRequest.newBuilder(stack.frontend.url().resolve("/orders"))
                    .timeout(Duration.ofSeconds(1)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"name\":\"" + stock + "\",\"quantity\":3,\"type\":\"sell\"}")).build();
            try {
                impatient.send(sale, HttpResponse.BodyHandlers.ofString());
            } catch (IOException gaveUp) {
                // the point of the test: nobody learns this trade's outcome
            }
            // stall on until the leader has given up on the catalog too (it then refuses new trades), and until
            // neither the front end nor the leader is still working on a trade: every party gave up on the sale
            await().atMost(Duration.ofSeconds(60)).until(() -> api.post(stack.frontend.url().resolve("/orders"),
                    Map.of("name", stock, "quantity", 2, "type", "buy")).status() == 503);
            URI leader = stack.replicaUrl(replicas.leader());
            await().atMost(Duration.ofSeconds(120)).until(() -> activePosts(stack.frontend.url()) == 0
                    && activePosts(leader) == 0);
        } finally {
            stack.catalog.resume();
        }
        long last = await().atMost(Duration.ofSeconds(30)).until(() -> tradeOrNull(stock, "sell", 1),
                number -> number != null);

        assertQuantityIsWhatTheLogLeaves(stock, quantity, first + 1, last);
    }

    @Test
    void killNineOfTheCatalogDuringTradesLeavesItHoldingExactlyTheCommittedOrders() throws Exception {
        String stock = "META";
        long first = trade(stock, "sell", 1);
        long quantity = catalogQuantity(stock);
        AtomicInteger acknowledged = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<?>> running = new ArrayList<>();
        try {
            IntStream.range(0, 4).forEach(client -> running.add(clients.submit(() -> {
                Api own = new Api(stack.token);
                // each client trades until the catalog dies under it; answers after that are 200 or 503
                for (int i = 0; i < 1_000_000 && !Thread.currentThread().isInterrupted(); i++) {
                    Api.Reply reply = own.post(stack.frontend.url().resolve("/orders"),
                            Map.of("name", stock, "quantity", 1, "type", i % 3 == 0 ? "buy" : "sell"));
                    if (reply.status() != 200) {
                        assertThat(reply.status()).isEqualTo(503);
                        return null;
                    }
                    acknowledged.incrementAndGet();
                }
                return null;
            })));
            await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.get() >= 200);
            stack.catalog.kill9();
            for (Future<?> client : running) {
                client.get(60, TimeUnit.SECONDS);
            }
        } finally {
            clients.shutdownNow();
        }
        stack.catalog.start();
        long last = await().atMost(Duration.ofSeconds(30)).until(() -> tradeOrNull(stock, "sell", 1),
                number -> number != null);

        assertQuantityIsWhatTheLogLeaves(stock, quantity, first + 1, last);
    }

    /**
     * Once quiet, the catalog (and the front end) show {@code stock} at {@code quantity} plus what orders {@code from}
     * to {@code to} of the log did to it.
     */
    private void assertQuantityIsWhatTheLogLeaves(String stock, long quantity, long from, long to) {
        long expected = quantity + signedUnits(stock, from, to);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(catalogQuantity(stock)).as("the catalog's quantity is what the log's orders leave")
                        .isEqualTo(expected));
        assertThat(frontendQuantity(stock)).isEqualTo(expected);
    }

    /** Requests with a body (trades, at a front end or a leader) the service is working on now. */
    private double activePosts(URI service) {
        Api.Reply reply = api.internalGet(
                service.resolve("/actuator/metrics/http.server.requests.active?tag=method:POST"));
        if (reply.status() == 404) {
            return 0;
        }
        for (JsonNode measurement : reply.body().get("measurements")) {
            if (measurement.get("statistic").asString().equals("ACTIVE_TASKS")) {
                return measurement.get("value").asDouble();
            }
        }
        return 0;
    }

    /** Units sold minus units bought of {@code stock} by orders {@code from} to {@code to}, read through the API. */
    private long signedUnits(String stock, long from, long to) {
        long units = 0;
        for (long number = from; number <= to; number++) {
            Api.Reply order = api.get(stack.frontend.url().resolve("/orders/" + number));
            assertThat(order.status()).as("order %d", number).isEqualTo(200);
            if (order.data().get("name").asString().equals(stock)) {
                long quantity = order.data().get("quantity").asLong();
                units += order.data().get("type").asString().equals("sell") ? quantity : -quantity;
            }
        }
        return units;
    }

    private long trade(String stock, String type, long quantity) {
        Api.Reply reply = api.post(stack.frontend.url().resolve("/orders"),
                Map.of("name", stock, "quantity", quantity, "type", type));
        assertThat(reply.status()).isEqualTo(200);
        return reply.data().get("transaction_number").asLong();
    }

    private Long tradeOrNull(String stock, String type, long quantity) {
        try {
            Api.Reply reply = api.post(stack.frontend.url().resolve("/orders"),
                    Map.of("name", stock, "quantity", quantity, "type", type));
            return reply.status() == 200 ? reply.data().get("transaction_number").asLong() : null;
        } catch (UncheckedIOException e) {
            return null;
        }
    }

    private long catalogQuantity(String stock) {
        return quantityAt(stack.catalog.url(), stock);
    }

    private long frontendQuantity(String stock) {
        return quantityAt(stack.frontend.url(), stock);
    }

    private long quantityAt(URI service, String stock) {
        return api.get(service.resolve("/stocks/" + stock)).data().get("quantity").asLong();
    }
}
