package org.stockbazaar.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The same promises as the process-level tests, kept by the service images: a lookup, a trade and an order query
 * through the front end; the leader's container killed during trades loses nothing and the logs on the replicas'
 * volumes end identical; a restarted replica container syncs up. Skipped where no Docker engine runs; CI requires it.
 */
class ContainersIT {

    private static ContainerStack stack;
    private static Api api;
    private static Replicas replicas;

    @BeforeAll
    static void startContainers() {
        if (!ContainerStack.dockerAvailable()) {
            return;
        }
        stack = new ContainerStack();
        try {
            stack.start();
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
        api = new Api(stack.token);
        replicas = new Replicas(stack);
    }

    /** Each test reports itself skipped, with the reason, where no Docker engine runs. */
    @BeforeEach
    void dockerRuns() {
        Assumptions.assumeTrue(stack != null, ContainerStack.NO_DOCKER);
    }

    @AfterAll
    static void stopContainers() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void lookupTradeAndOrderQueryThroughTheFrontEnd() {
        Api.Reply stock = api.get(stack.frontendUrl().resolve("/stocks/GameStart"));
        assertThat(stock.status()).isEqualTo(200);
        assertThat(stock.data().get("name").asString()).isEqualTo("GameStart");
        assertThat(stock.data().get("price").asDouble()).isEqualTo(15.99);
        long quantity = stock.data().get("quantity").asLong();

        Api.Reply trade = api.post(stack.frontendUrl().resolve("/orders"),
                Map.of("name", "GameStart", "quantity", 2, "type", "buy"));
        assertThat(trade.status()).isEqualTo(200);
        long number = trade.data().get("transaction_number").asLong();

        Api.Reply order = api.get(stack.frontendUrl().resolve("/orders/" + number));
        assertThat(order.status()).isEqualTo(200);
        assertThat(order.data().get("name").asString()).isEqualTo("GameStart");
        assertThat(order.data().get("type").asString()).isEqualTo("buy");
        assertThat(order.data().get("quantity").asLong()).isEqualTo(2);
        assertThat(api.get(stack.frontendUrl().resolve("/stocks/GameStart")).data().get("quantity").asLong())
                .isEqualTo(quantity - 2);

        Api.Reply unknown = api.get(stack.frontendUrl().resolve("/stocks/NoSuchCo"));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body().get("error").get("code").asInt()).isEqualTo(404);
    }

    @Test
    void killingTheLeaderContainerDuringTradesLosesNothingAndTheLogsEndIdentical() throws Exception {
        int leader = leaderOnceTrading();
        Traders traders = new Traders(stack, 4, List.of("BoarCo", "MenhirCo"), 5);
        try (traders) {
            await().atMost(Duration.ofSeconds(60)).until(() -> traders.acknowledged.size() >= 100);
            stack.kill9(leader);
            int atCrash = traders.acknowledged.size();
            await().atMost(Duration.ofSeconds(60)).until(() -> traders.acknowledged.size() >= atCrash + 100);
        }
        assertThat(replicas.leader()).isNotEqualTo(leader);
        stack.restart(leader);

        assertThat(traders.errors).as("errors the clients saw").isEmpty();
        replicas.awaitIdenticalLogs();
        List<Traders.Order> logged = replicas.rows(1);
        traders.acknowledged.values().forEach(order -> assertThat(logged.get((int) order.number())).isEqualTo(order));
    }

    @Test
    void restartedReplicaContainerSyncsUpOnMissedOrders() {
        int follower = replicas.other(leaderOnceTrading());
        stack.kill9(follower);
        int before = replicas.rows(replicas.other(follower)).size();
        for (int i = 0; i < 20; i++) {
            assertThat(trade()).isEqualTo(200);
        }
        assertThat(replicas.rows(follower)).as("the stopped replica's log").hasSizeLessThanOrEqualTo(before);

        stack.restart(follower);
        replicas.awaitIdenticalLogs();
        assertThat(replicas.rows(follower)).hasSizeGreaterThanOrEqualTo(before + 20);
    }

    /** The front end chooses a leader at its first order, not before. */
    private int leaderOnceTrading() {
        assertThat(trade()).isEqualTo(200);
        return replicas.leader();
    }

    private int trade() {
        return api.post(stack.frontendUrl().resolve("/orders"), Map.of("name", "RottenFishCo", "quantity", 1,
                "type", "sell")).status();
    }
}
