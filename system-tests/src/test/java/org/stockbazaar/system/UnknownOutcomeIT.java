package org.stockbazaar.system;

import static org.assertj.core.api.Assertions.assertThat;

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

        Api.Reply unknown;
        stack.replica(followers[0]).pause();
        stack.replica(followers[1]).pause();
        try {
            unknown = api.postWithHeaders(stack.frontendUrl().resolve("/orders"), ORDER, key);
        } finally {
            stack.replica(followers[0]).resume();
            stack.replica(followers[1]).resume();
        }

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
}
