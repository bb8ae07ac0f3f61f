package org.stockbazaar.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A trade the leader has taken but cannot commit (both followers stopped) until the front end's order deadline
 * passes: the client is told the outcome is unknown, with its key, and repeating the order with that key once the
 * followers are back gets its one transaction number.
 */
class UnknownOutcomeIT {

    private static final Map<String, Object> ORDER = Map.of("name", "NVDA", "quantity", 1, "type", "sell");

    private final Stack stack = Stack.get();
    private final Api api = new Api(stack.token);
    private final Replicas replicas = new Replicas(stack);

    @Test
    void tradeTakenButNotCommittedByTheDeadlineIsA504WithItsKeyAndARepeatGetsItsNumber() throws Exception {
        // a leader is chosen at the first order, and every log holds what came before
        assertThat(api.post(stack.frontendUrl().resolve("/orders"), ORDER).status()).isEqualTo(200);
        replicas.awaitIdenticalLogs();
        int before = replicas.rows(1).size();
        int leader = replicas.leader();
        int[] followers = {replicas.other(leader), replicas.other(leader, replicas.other(leader))};
        Map<String, String> key = Map.of("Idempotency-Key", "unknown-outcome-it:1");
        long quantityBefore = quantity(stack.frontendUrl());

        Api.Reply unknown;
        stack.replica(followers[0]).pause();
        stack.replica(followers[1]).pause();
        try {
            unknown = api.postWithHeaders(stack.frontendUrl().resolve("/orders"), ORDER, key);
            // the front end dropped the stock as it answered; read again now, it caches what the catalog still holds
            assertThat(quantity(stack.frontendUrl())).isEqualTo(quantityBefore);
        } finally {
            stack.replica(followers[0]).resume();
            stack.replica(followers[1]).resume();
        }
        // the followers are back: the trade is committed and the catalog applies it after the front end gave up on
        // it, and after the leader did (its commit timeout), so no front end is named with it: the catalog pushes
        // its eviction to every front end, this one included, which must not keep what it read meanwhile
        // (cache.md, "The front end that routed a trade")
        await().atMost(Duration.ofSeconds(20)).until(() -> quantity(stack.catalog.url()) == quantityBefore + 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> quantity(stack.frontendUrl()) == quantityBefore + 1);

        assertThat(unknown.status()).isEqualTo(504);
        assertThat(unknown.header("Idempotency-Key")).isEqualTo("unknown-outcome-it:1");
        assertThat(unknown.body().get("error").get("message").asString()).startsWith("trade outcome unknown")
                .contains("Idempotency-Key: unknown-outcome-it:1");
        Api.Reply repeated = api.postWithHeaders(stack.frontendUrl().resolve("/orders"), ORDER, key);
        assertThat(repeated.status()).isEqualTo(200);
        long number = repeated.data().get("transaction_number").asLong();
        replicas.awaitIdenticalLogs();
        assertThat(replicas.rows(1)).as("the order, logged once").hasSize(before + 1);
        assertThat(replicas.rows(1).get((int) number)).isEqualTo(new Traders.Order(number, "NVDA", "sell", 1));
    }

    private long quantity(URI service) {
        return api.get(service.resolve("/stocks/NVDA")).data().get("quantity").asLong();
    }
}
