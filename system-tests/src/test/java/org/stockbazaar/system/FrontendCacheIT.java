package org.stockbazaar.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The front end's cache, observed from outside: through its HTTP API and its log, as the seed's evaluation did. */
class FrontendCacheIT {

    private final Stack stack = Stack.get();
    private final Api api = new Api(stack.token);

    @BeforeEach
    void emptyCache() {
        assertThat(api.internalDelete(stack.frontend.url().resolve("/internal/cache")).status()).isEqualTo(204);
    }

    @Test
    void sixthStockEvictsTheLeastRecentlyUsedAsInTheSeedsTest() {
        List<String> stocks = List.of("AAPL", "AMZN", "GOOGL", "META", "NVDA");
        stocks.forEach(this::lookup);
        int aaplMissesBefore = missLines("AAPL");

        lookup("NFLX");
        lookup("AAPL");

        String log = stack.frontend.logText();
        assertThat(log).contains("Could not find NFLX in cache calling catalog microservice");
        assertThat(missLines("AAPL")).as("AAPL was evicted by NFLX, so its lookup missed again")
                .isEqualTo(aaplMissesBefore + 1);
        assertThat(log).contains("Evicted AAPL from cache");
        // AAPL's reload evicted AMZN, the least recently used after AAPL had gone
        assertThat(cachedKeys()).containsExactly("GOOGL", "META", "NVDA", "NFLX", "AAPL");
    }

    @Test
    void aRecentlyUsedStockSurvivesAndTheLeastRecentlyUsedGoes() {
        List.of("AAPL", "AMZN", "GOOGL", "META", "NVDA").forEach(this::lookup);
        lookup("AAPL");
        lookup("NFLX");

        assertThat(cachedKeys()).containsExactly("GOOGL", "META", "NVDA", "AAPL", "NFLX");
    }

    @Test
    void hitsAndMissesAreCounted() {
        Map<String, Long> before = counters();
        lookup("GOOGL");
        lookup("GOOGL");
        lookup("GOOGL");
        Map<String, Long> after = counters();

        assertThat(after.get("misses") - before.get("misses")).isEqualTo(1);
        assertThat(after.get("hits") - before.get("hits")).isEqualTo(2);
    }

    @Test
    void everyLookupSaysWhetherTheCacheServedIt() {
        assertThat(cacheHeader("BoarCo")).isEqualTo("miss");
        assertThat(cacheHeader("BoarCo")).isEqualTo("hit");

        Api.Reply trade = api.post(stack.frontend.url().resolve("/orders"),
                Map.of("name", "BoarCo", "quantity", 1, "type", "sell"));
        assertThat(trade.status()).isEqualTo(200);

        assertThat(cacheHeader("BoarCo")).as("the trade evicted it").isEqualTo("miss");
        assertThat(cacheHeader("BoarCo")).isEqualTo("hit");
        Api.Reply unknown = api.get(stack.frontend.url().resolve("/stocks/Nope"));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.header("X-Cache")).isNull();
    }

    @Test
    void internalEndpointsRefuseCallersWithoutTheSecret() {
        assertThat(api.get(stack.frontend.url().resolve("/internal/cache")).status()).isEqualTo(401);
        assertThat(new Api("not-the-secret").internalGet(stack.frontend.url().resolve("/internal/cache")).status())
                .isEqualTo(403);
        assertThat(new Api("not-the-secret").internalPost(stack.catalog.url().resolve("/internal/committed"),
                Map.of("epoch", 1, "orders", List.of())).status()).isEqualTo(403);
    }

    private void lookup(String stock) {
        Api.Reply reply = api.get(stack.frontend.url().resolve("/stocks/" + stock));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.data().get("name").asString()).isEqualTo(stock);
    }

    private String cacheHeader(String stock) {
        Api.Reply reply = api.get(stack.frontend.url().resolve("/stocks/" + stock));
        assertThat(reply.status()).isEqualTo(200);
        return reply.header("X-Cache");
    }

    private int missLines(String stock) {
        return (int) Pattern.compile("Could not find " + stock + " in cache calling catalog microservice")
                .matcher(stack.frontend.logText()).results().count();
    }

    private List<String> cachedKeys() {
        Api.Reply reply = api.internalGet(stack.frontend.url().resolve("/internal/cache"));
        List<String> keys = new ArrayList<>();
        reply.data().get("keys").forEach(key -> keys.add(key.asString()));
        return keys;
    }

    private Map<String, Long> counters() {
        Api.Reply reply = api.internalGet(stack.frontend.url().resolve("/internal/cache"));
        return Map.of("hits", reply.data().get("hits").asLong(), "misses", reply.data().get("misses").asLong());
    }
}
