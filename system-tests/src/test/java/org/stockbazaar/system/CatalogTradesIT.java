package org.stockbazaar.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Trades applied on the real catalog, seen through the real front end. */
class CatalogTradesIT {

    private final Stack stack = Stack.get();
    private final Api api = new Api(stack.token);

    @Test
    void lookupAfterATradeOnTheCatalogNeverReturnsThePreTradeQuantity() {
        long before = frontendQuantity("GameStart");
        assertThat(frontendQuantity("GameStart")).as("second lookup, from the cache").isEqualTo(before);

        assertThat(trade("GameStart", "sell", 3, null).status()).isEqualTo(200);

        // no waiting: the catalog pushed the invalidation before it acknowledged the trade
        assertThat(frontendQuantity("GameStart")).isEqualTo(before + 3);
        assertThat(trade("GameStart", "buy", 2, null).status()).isEqualTo(200);
        assertThat(frontendQuantity("GameStart")).isEqualTo(before + 1);
    }

    @Test
    void concurrentTradesOnOneStockKeepTheQuantityExact() throws Exception {
        long before = catalogQuantity("BoarCo");
        AtomicInteger sold = new AtomicInteger();
        AtomicInteger bought = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int client = 0; client < 8; client++) {
                boolean seller = client % 2 == 0;
                Api own = new Api(stack.token);
                done.add(clients.submit(() -> {
                    for (int i = 0; i < 40; i++) {
                        Api.Reply reply = own.internalPost(tradeUri("BoarCo"),
                                Map.of("type", seller ? "sell" : "buy", "quantity", 2));
                        if (reply.status() == 200) {
                            (seller ? sold : bought).addAndGet(2);
                        } else {
                            assertThat(reply.status()).as("only a lack of stock may refuse a buy").isEqualTo(409);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            clients.shutdownNow();
        }

        assertThat(sold.get()).isEqualTo(4 * 40 * 2);
        assertThat(catalogQuantity("BoarCo")).isEqualTo(before + sold.get() - bought.get());
        assertThat(frontendQuantity("BoarCo")).isEqualTo(before + sold.get() - bought.get());
    }

    @Test
    void aBuyBeyondTheQuantityIsRefusedAndChangesNothing() {
        long before = catalogQuantity("RottenFishCo");
        Api.Reply reply = trade("RottenFishCo", "buy", before + 1, null);

        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.body().get("error").get("code").asInt()).isEqualTo(409);
        assertThat(catalogQuantity("RottenFishCo")).isEqualTo(before);
    }

    @Test
    void aRetriedRequestIdTradesOnce() {
        long before = catalogQuantity("NVDA");
        Api.Reply first = trade("NVDA", "sell", 5, "retry-test-1");
        Api.Reply retry = trade("NVDA", "sell", 5, "retry-test-1");

        assertThat(first.status()).isEqualTo(200);
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.data().get("duplicate").asBoolean()).isTrue();
        assertThat(retry.data().get("entry")).isEqualTo(first.data().get("entry"));
        assertThat(catalogQuantity("NVDA")).isEqualTo(before + 5);
    }

    @Test
    void aBatchAnswersEachTradeOnItsOwnAndTheFrontEndSeesItsChanges() {
        long menhir = frontendQuantity("MenhirCo");
        long fish = catalogQuantity("RottenFishCo");

        Api.Reply reply = api.internalPost(stack.catalog.url().resolve("/internal/trades"), Map.of("trades", List.of(
                Map.of("name", "MenhirCo", "type", "sell", "quantity", 4, "requestId", "batch-it-1"),
                Map.of("name", "RottenFishCo", "type", "buy", "quantity", fish + 1, "requestId", "batch-it-2"),
                Map.of("name", "MenhirCo", "type", "hold", "quantity", 1, "requestId", "batch-it-3"),
                Map.of("name", "NoSuchCo", "type", "sell", "quantity", 1, "requestId", "batch-it-4"),
                Map.of("name", "MenhirCo", "type", "sell", "quantity", 4, "requestId", "batch-it-1"))));

        assertThat(reply.status()).isEqualTo(200);
        var results = reply.data();
        assertThat(results.get(0).get("data").get("stock").get("quantity").asLong()).isEqualTo(menhir + 4);
        assertThat(results.get(1).get("error").get("code").asInt()).isEqualTo(409);
        assertThat(results.get(2).get("error").get("code").asInt()).isEqualTo(400);
        assertThat(results.get(3).get("error").get("code").asInt()).isEqualTo(404);
        assertThat(results.get(4).get("data").get("duplicate").asBoolean()).isTrue();
        // no waiting: the batch's invalidation push went out before the answer
        assertThat(frontendQuantity("MenhirCo")).isEqualTo(menhir + 4);
        assertThat(catalogQuantity("RottenFishCo")).isEqualTo(fish);
    }

    private Api.Reply trade(String stock, String type, long quantity, String requestId) {
        return api.internalPost(tradeUri(stock), requestId == null
                ? Map.of("type", type, "quantity", quantity)
                : Map.of("type", type, "quantity", quantity, "requestId", requestId));
    }

    private URI tradeUri(String stock) {
        return stack.catalog.url().resolve("/internal/stocks/" + stock + "/trades");
    }

    private long frontendQuantity(String stock) {
        return api.get(stack.frontend.url().resolve("/stocks/" + stock)).data().get("quantity").asLong();
    }

    private long catalogQuantity(String stock) {
        return api.get(stack.catalog.url().resolve("/stocks/" + stock)).data().get("quantity").asLong();
    }
}
