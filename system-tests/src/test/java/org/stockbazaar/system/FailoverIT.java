package org.stockbazaar.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.stockbazaar.client.launch.ServiceProcess;

/**
 * Replica crashes (SIGKILL), and a stopped (SIGSTOP) follower, while clients trade through the front end: no client
 * notices, no acknowledged order is lost, the replicas end with byte-identical logs, and the catalog agrees with the
 * logged orders.
 */
class FailoverIT {

    private static final List<String> STOCKS = List.of("AMZN", "META");

    private final Stack stack = Stack.get();
    private final Api api = new Api(stack.token);
    private final Replicas replicas = new Replicas(stack);

    @BeforeEach
    void aLeaderIsChosen() {
        // the front end chooses a leader at its first order, not before
        assertThat(trade("NVDA", "sell")).isEqualTo(200);
    }

    @Test
    void killingTheLeaderDuringTradesIsInvisibleToClientsAndLosesNothing() throws Exception {
        replicas.awaitIdenticalLogs();
        int firstNew = replicas.rows(1).size();
        Map<String, Long> before = quantities();
        int leader = replicas.leader();

        Traders traders = new Traders(stack, 6, STOCKS, 42);
        try (traders) {
            await().atMost(Duration.ofSeconds(30)).until(() -> traders.acknowledged.size() >= 150);
            stack.replica(leader).kill9();
            int atCrash = traders.acknowledged.size();
            await().atMost(Duration.ofSeconds(30)).until(() -> traders.acknowledged.size() >= atCrash + 150);
        }
        assertThat(replicas.leader()).isNotEqualTo(leader);
        stack.replica(leader).start();

        assertThat(traders.errors).as("errors the clients saw").isEmpty();
        replicas.awaitIdenticalLogs();
        List<Traders.Order> logged = replicas.rows(1);
        traders.acknowledged.values().forEach(order -> assertThat(logged.get((int) order.number())).isEqualTo(order));
        Map<String, Long> effect = Replicas.netEffect(logged.subList(firstNew, logged.size()));
        for (String stock : STOCKS) {
            assertThat(quantity(stock)).as("%s = before + sells - buys of exactly the logged orders", stock)
                    .isEqualTo(before.get(stock) + effect.getOrDefault(stock, 0L));
        }
    }

    @Test
    void aLeaderStoppedGracefullyDuringTradesFinishesWhatItTookWithoutAnError() throws Exception {
        replicas.awaitIdenticalLogs();
        int leader = replicas.leader();
        ServiceProcess stopped = stack.replica(leader);
        int logBefore = stopped.logText().length();

        Traders traders = new Traders(stack, 6, STOCKS, 43);
        try (traders) {
            await().atMost(Duration.ofSeconds(30)).until(() -> traders.acknowledged.size() >= 150);
            // SIGTERM, as scripts/stop-local.sh and a container stop send it
            stopped.stop();
            int atStop = traders.acknowledged.size();
            await().atMost(Duration.ofSeconds(30)).until(() -> traders.acknowledged.size() >= atStop + 150);
        }
        String shutdown = stopped.logText().substring(logBefore);
        stopped.start();

        assertThat(traders.errors).as("errors the clients saw").isEmpty();
        // the trades it had taken were answered, committed or refused as not leading, never failed on a closed log
        assertThat(shutdown).contains("Graceful shutdown complete").doesNotContain("Unhandled error");
        replicas.awaitIdenticalLogs();
        List<Traders.Order> logged = replicas.rows(1);
        traders.acknowledged.values().forEach(order -> assertThat(logged.get((int) order.number())).isEqualTo(order));
    }

    @Test
    void aStoppedPrimaryFollowerDoesNotHoldUpCommitsBecauseTheStandbyTakesOver() throws Exception {
        int leader = replicas.leader();
        // the follower the leader sends every entry at once; the other gets them every 20 ms, and at once when a
        // commit has waited 10 ms (docs/replication.md, "Pacing the second follower")
        int primary = IntStream.rangeClosed(1, 3).filter(id -> id != leader).max().orElseThrow();
        Traders traders = new Traders(stack, 4, STOCKS, 11);
        try (traders) {
            await().atMost(Duration.ofSeconds(30)).until(() -> traders.acknowledged.size() >= 50);
            stack.replica(primary).pause();
            try {
                int atPause = traders.acknowledged.size();
                // well inside the leader's 2 s read timeout: commits must not wait for the stopped primary to time out
                await("trades acknowledged while the primary follower is stopped").atMost(Duration.ofMillis(1500))
                        .until(() -> traders.acknowledged.size() >= atPause + 20);
            } finally {
                stack.replica(primary).resume();
            }
        }

        assertThat(traders.errors).as("errors the clients saw").isEmpty();
        replicas.awaitIdenticalLogs();
        List<Traders.Order> logged = replicas.rows(1);
        traders.acknowledged.values().forEach(order -> assertThat(logged.get((int) order.number())).isEqualTo(order));
    }

    @Test
    void restartedFollowerCatchesUpOnMissedOrders() throws Exception {
        int follower = replicas.other(replicas.leader());
        stack.replica(follower).kill9();
        for (int i = 0; i < 30; i++) {
            assertThat(trade("NVDA", "sell")).isEqualTo(200);
        }
        stack.replica(follower).start();

        replicas.awaitIdenticalLogs();
        assertThat(stack.replica(follower).logText()).contains("Syncup Done");
    }

    @Test
    void twoReplicasKilledOneAfterTheOtherWithARestartInBetween() throws Exception {
        int leader = replicas.leader();
        int follower = replicas.other(leader);
        Traders traders = new Traders(stack, 4, STOCKS, 7);
        try (traders) {
            await().atMost(Duration.ofSeconds(30)).until(() -> traders.acknowledged.size() >= 50);
            stack.replica(follower).kill9();
            int afterFirst = traders.acknowledged.size();
            await().atMost(Duration.ofSeconds(30)).until(() -> traders.acknowledged.size() >= afterFirst + 50);
            stack.replica(follower).start();
            stack.replica(leader).kill9();
            int afterSecond = traders.acknowledged.size();
            await().atMost(Duration.ofSeconds(30)).until(() -> traders.acknowledged.size() >= afterSecond + 50);
            stack.replica(leader).start();
        }

        assertThat(traders.errors).as("errors the clients saw").isEmpty();
        replicas.awaitIdenticalLogs();
        List<Traders.Order> logged = replicas.rows(1);
        traders.acknowledged.values().forEach(order -> assertThat(logged.get((int) order.number())).isEqualTo(order));
    }

    private int trade(String stock, String type) {
        return api.post(stack.frontend.url().resolve("/orders"), Map.of("name", stock, "type", type, "quantity", 1))
                .status();
    }

    private Map<String, Long> quantities() {
        return Map.of("AMZN", quantity("AMZN"), "META", quantity("META"));
    }

    private long quantity(String stock) {
        return api.get(stack.catalog.url().resolve("/stocks/" + stock)).data().get("quantity").asLong();
    }
}
