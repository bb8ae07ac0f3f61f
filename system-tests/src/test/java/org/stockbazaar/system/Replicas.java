package org.stockbazaar.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import tools.jackson.databind.JsonNode;

/** What the system tests read from the order replicas: who leads, and their log files. */
final class Replicas {

    private final Deployment stack;
    private final Api api;

    Replicas(Deployment stack) {
        this(stack, new Api(stack.internalToken()));
    }

    /** With {@code api} for the replicas' status: one that trusts the stack's CA, say. */
    Replicas(Deployment stack, Api api) {
        this.stack = stack;
        this.api = api;
    }

    /** The id of the replica that leads in the highest epoch, once one does. */
    int leader() {
        int[] leader = new int[1];
        await("a leader").atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
            long best = -1;
            for (int id = 1; id <= 3; id++) {
                if (!stack.replicaRunning(id)) {
                    continue;
                }
                JsonNode status = api.internalGet(stack.replicaUrl(id).resolve("/internal/replica/status")).data();
                if ("LEADER".equals(status.get("role").asString()) && status.get("promisedEpoch").asLong() > best) {
                    best = status.get("promisedEpoch").asLong();
                    leader[0] = id;
                }
            }
            return best >= 0;
        });
        return leader[0];
    }

    /** Any replica but the given ones. */
    int other(int... not) {
        return IntStream.rangeClosed(1, 3).filter(id -> IntStream.of(not).noneMatch(n -> n == id)).findFirst()
                .orElseThrow();
    }

    String logText(int id) {
        try {
            return Files.readString(stack.orderLog(id));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the three order logs are byte-identical (replication and sync-up are asynchronous). */
    void awaitIdenticalLogs() {
        await("three identical order logs").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    String first = logText(1);
                    assertThat(logText(2)).isEqualTo(first);
                    assertThat(logText(3)).isEqualTo(first);
                });
    }

    /** The rows of replica {@code id}'s log, checked to be numbered 0, 1, 2, ... with no gap or duplicate. */
    List<Traders.Order> rows(int id) {
        List<String> lines = logText(id).lines().toList();
        assertThat(lines.get(0)).isEqualTo("transaction_number,name,type,quantity");
        List<Traders.Order> rows = lines.subList(1, lines.size()).stream().map(line -> line.split(","))
                .map(cells -> new Traders.Order(Long.parseLong(cells[0]), cells[1], cells[2],
                        Long.parseLong(cells[3])))
                .toList();
        for (int i = 0; i < rows.size(); i++) {
            assertThat(rows.get(i).number()).as("row %d of order_log_%d.csv", i + 1, id).isEqualTo(i);
        }
        return rows;
    }

    /** Net change of each stock's quantity by the given orders: sells add, buys take. */
    static Map<String, Long> netEffect(List<Traders.Order> orders) {
        return orders.stream().collect(Collectors.groupingBy(Traders.Order::name,
                Collectors.summingLong(o -> "sell".equals(o.type()) ? o.quantity() : -o.quantity())));
    }
}
