package org.stockbazaar.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** kill -9 of the catalog while clients trade: nothing acknowledged is lost, nothing retried is applied twice. */
class CatalogCrashIT {

    private static final String STOCK = "MenhirCo";

    private final Stack stack = Stack.get();
    private final Api api = new Api(stack.token);

    @Test
    void killNineDuringTradesLosesNoAcknowledgedTradeAndRetriesApplyOnce() throws Exception {
        long before = quantity();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        Set<String> unanswered = ConcurrentHashMap.newKeySet();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<?>> running = IntStream.range(0, 4).<Future<?>>mapToObj(client -> clients.submit(() -> {
            Api own = new Api(stack.token);
            // each client sells until the catalog dies under it; the trade in flight then has no answer
            for (int i = 0; i < 1_000_000; i++) {
                String id = "crash-" + client + "-" + i;
                try {
                    Api.Reply reply = own.internalPost(tradeUri(), Map.of("type", "sell", "quantity", 1,
                            "requestId", id));
                    assertThat(reply.status()).isEqualTo(200);
                    acknowledged.add(id);
                } catch (UncheckedIOException e) {
                    unanswered.add(id);
                    return null;
                }
            }
            return null;
        })).toList();

        await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= 200);
        stack.catalog.kill9();
        for (Future<?> client : running) {
            client.get(30, TimeUnit.SECONDS);
        }
        clients.shutdownNow();
        stack.catalog.start();

        assertThat(quantity()).as("every acknowledged sell survived the crash")
                .isBetween(before + acknowledged.size(), before + acknowledged.size() + unanswered.size());

        for (String id : unanswered) {
            assertThat(api.internalPost(tradeUri(), Map.of("type", "sell", "quantity", 1, "requestId", id)).status())
                    .isEqualTo(200);
        }
        assertThat(quantity()).as("each unanswered trade retried with its request id is applied exactly once")
                .isEqualTo(before + acknowledged.size() + unanswered.size());
        assertThat(api.get(stack.frontend.url().resolve("/stocks/" + STOCK)).data().get("quantity").asLong())
                .as("the front end serves the recovered quantity").isEqualTo(quantity());
    }

    private URI tradeUri() {
        return stack.catalog.url().resolve("/internal/stocks/" + STOCK + "/trades");
    }

    private long quantity() {
        return api.get(stack.catalog.url().resolve("/stocks/" + STOCK)).data().get("quantity").asLong();
    }
}
