package org.stockbazaar.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A replica that lost its disk must not vote until it has recovered from its peers: the example from the issue,
 * with real processes. An order is committed on the leader and one follower while the third replica is stopped;
 * the leader goes down and that follower's data folder is wiped. The wiped replica and the lagging one are a
 * majority, and if they elected a leader the committed order would be lost.
 */
class DiskLossIT {

    private final Stack stack = Stack.get();
    private final Api api = new Api(stack.token);
    private final Replicas replicas = new Replicas(stack);

    @Test
    void aReplicaThatLostItsDiskDoesNotVoteUntilItRecoveredAndNoCommittedOrderIsLost() throws Exception {
        assertThat(trade()).isNotNull();
        replicas.awaitIdenticalLogs();
        int leader = replicas.leader();
        int follower = replicas.other(leader);
        int lagging = replicas.other(leader, follower);

        stack.replica(lagging).pause();
        Long committed;
        try {
            // committed on the leader and the follower only: the lagging replica is stopped
            committed = trade();
            assertThat(committed).isNotNull();
            stack.replica(leader).kill9();
            stack.replica(follower).kill9();
            wipe(stack.runDir.resolve("data/order-" + follower));
            stack.replica(follower).launch();
        } finally {
            stack.replica(lagging).resume();
        }

        // the wiped replica and the lagging one: a majority by count, but the wiped one may not promise, so no
        // leader can be elected and nobody gets the committed order's number for another trade
        await("the wiped replica answers status").atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> status(follower) != null);
        AtomicBoolean done = new AtomicBoolean();
        ExecutorService client = Executors.newSingleThreadExecutor();
        try {
            // a client that keeps trading makes the front end keep asking a replica to lead
            client.submit(() -> {
                while (!done.get()) {
                    tryTrade();
                }
            });
            await().during(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(12))
                    .until(() -> !leads(follower) && !leads(lagging) && !ready(follower));
        } finally {
            done.set(true);
            client.shutdown();
        }

        stack.replica(leader).start();
        // asked of the cluster's leader, not the front end, which keeps the orders it acknowledged; the front end
        // chooses a leader at its next order request, and a query for an order that does not exist is one that
        // changes nothing
        await("a leader answers the committed order again").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> {
                    api.get(stack.frontend.url().resolve("/orders/" + Long.MAX_VALUE));
                    return orderAtALeader(committed) != null;
                });
        JsonNode order = orderAtALeader(committed);
        assertThat(order.get("name").asString()).isEqualTo("BoarCo");
        assertThat(order.get("quantity").asLong()).isEqualTo(7);
        await("the wiped replica recovered").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> ready(follower));
        assertThat(trade()).isNotNull();
        replicas.awaitIdenticalLogs();
        assertThat(replicas.rows(follower).get(committed.intValue()).name()).isEqualTo("BoarCo");
    }

    private Long trade() {
        Api.Reply reply = api.post(stack.frontend.url().resolve("/orders"),
                Map.of("name", "BoarCo", "quantity", 7, "type", "sell"));
        return reply.status() == 200 ? reply.data().get("transaction_number").asLong() : null;
    }

    /** A trade that may well fail: it makes the front end look for a leader. */
    private void tryTrade() {
        try {
            api.post(stack.frontend.url().resolve("/orders"), Map.of("name", "BoarCo", "quantity", 1, "type", "buy"));
        } catch (UncheckedIOException e) {
            // no answer within the client's timeout: no leader, as expected
        }
    }

    /** Order {@code number} as a replica that leads answers it; null if none does. */
    private JsonNode orderAtALeader(long number) {
        for (int id = 1; id <= 3; id++) {
            if (leads(id)) {
                Api.Reply reply = api.internalGet(stack.replicaUrl(id).resolve("/internal/orders/" + number));
                if (reply.status() == 200) {
                    return reply.data();
                }
            }
        }
        return null;
    }

    private JsonNode status(int id) {
        Api.Reply reply = api.internalGet(stack.replicaUrl(id).resolve("/internal/replica/status"));
        return reply.status() == 200 ? reply.data() : null;
    }

    private boolean leads(int id) {
        JsonNode status = status(id);
        return status != null && "LEADER".equals(status.get("role").asString());
    }

    private boolean ready(int id) {
        JsonNode status = status(id);
        return status != null && status.get("ready").asBoolean();
    }

    private static void wipe(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
