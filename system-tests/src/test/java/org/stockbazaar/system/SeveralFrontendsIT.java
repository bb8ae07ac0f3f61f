package org.stockbazaar.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.stockbazaar.client.launch.ServiceProcess;

/**
 * Three front ends on one stack, each with its own cache, kept coherent by the catalog's pushes and the leases
 * (docs/cache.md, "Several front ends"): after a trade is acknowledged through one, no front end answers with the
 * quantity from before it, while one of them is paused, and after another is killed, with one leader throughout.
 * Front ends that disagree about which replicas are down do not depose each other's leader (docs/replication.md,
 * "Several front ends").
 */
class SeveralFrontendsIT {

    private static final String STOCK = "MenhirCo";

    private final Stack stack = Stack.get();
    private final Api api = new Api(stack.token);
    private final List<ServiceProcess> extra = new ArrayList<>();

    @AfterEach
    void stopExtraFrontends() throws InterruptedException {
        for (ServiceProcess frontend : extra) {
            frontend.stop();
        }
    }

    @Test
    void noFrontEndServesAQuantityFromBeforeAnAcknowledgedTrade() throws InterruptedException {
        ServiceProcess second = started("frontend-2");
        ServiceProcess third = started("frontend-3");
        List<ServiceProcess> all = List.of(stack.frontend, second, third);
        await().atMost(Duration.ofSeconds(10)).until(() -> registeredFrontends() >= 3);

        // a trade, so that the replicas have a leader
        sell(stack.frontend);
        int leader = new Replicas(stack).leader();
        Map<Integer, Long> epochs = promisedEpochs();

        // every cache holds the stock
        long quantity = cachedEverywhere(all);

        // a trade through the first: the other two drop their copies before it is acknowledged
        sell(stack.frontend);
        for (ServiceProcess frontend : all) {
            assertThat(quantityAt(frontend)).as(frontend.name()).isEqualTo(quantity + 1);
        }

        // one front end paused: trades go on (it is revoked once its lease runs out), and it comes back coherent
        quantity = cachedEverywhere(all);
        third.pause();
        try {
            sell(second);
            sell(stack.frontend);
            assertThat(quantityAt(stack.frontend)).isEqualTo(quantity + 2);
            assertThat(quantityAt(second)).isEqualTo(quantity + 2);
        } finally {
            third.resume();
        }
        assertThat(quantityAt(third)).as("the paused front end, resumed").isEqualTo(quantity + 2);

        // one front end killed: trades go on, and the others stay coherent
        quantity = cachedEverywhere(List.of(stack.frontend, third));
        second.kill9();
        sell(third);
        assertThat(quantityAt(stack.frontend)).isEqualTo(quantity + 1);
        assertThat(quantityAt(third)).isEqualTo(quantity + 1);

        // one leader throughout: pausing and killing front ends caused no election
        assertThat(new Replicas(stack).leader()).isEqualTo(leader);
        assertThat(promisedEpochs()).isEqualTo(epochs);
    }

    @Test
    void frontEndsThatSeeDifferentReplicasAsDownDoNotTakeTurnsDeposingTheLeader() throws InterruptedException {
        sell(stack.frontend);
        Replicas replicas = new Replicas(stack);
        int leader = replicas.leader();
        int other = replicas.other(leader);
        Map<Integer, Long> epochs = promisedEpochs();
        long quantity = quantityAt(stack.frontend);
        // each front end is configured with a closed port for one replica: it sees that replica as down
        ServiceProcess blind = started("frontend-blind-to-" + leader, blindTo(leader));
        ServiceProcess sighted = started("frontend-blind-to-" + other, blindTo(other));

        List<Long> numbers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Api.Reply refused = trade(blind);
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.body().get("error").get("message").asString())
                    .isEqualTo("the order leader (replica " + leader + ") does not answer this front end");
            numbers.add(sell(sighted));
        }

        assertThat(promisedEpochs()).as("no election on any replica").isEqualTo(epochs);
        assertThat(replicas.leader()).isEqualTo(leader);
        assertThat(numbers).as("the acknowledged trades, numbered without a gap")
                .containsExactly(numbers.getFirst(), numbers.getFirst() + 1, numbers.getFirst() + 2,
                        numbers.getFirst() + 3, numbers.getFirst() + 4);
        assertThat(quantityAt(stack.frontend)).as("the refused trades changed nothing").isEqualTo(quantity + 5);
    }

    private Map<String, String> blindTo(int replica) {
        URI closed = URI.create("http://127.0.0.1:" + ServiceProcess.freePort());
        return Map.of("BAZAAR_FRONTEND_REPLICAS", stack.replicaListWith(replica, closed),
                // a refused trade is answered once the front end gives up waiting for a leader it can reach
                "BAZAAR_FRONTEND_ORDER_DEADLINE", "1s");
    }

    private Map<Integer, Long> promisedEpochs() {
        Map<Integer, Long> epochs = new HashMap<>();
        for (int id = 1; id <= 3; id++) {
            epochs.put(id, api.internalGet(stack.replicaUrl(id).resolve("/internal/replica/status")).data()
                    .get("promisedEpoch").asLong());
        }
        return epochs;
    }

    private ServiceProcess started(String name) throws InterruptedException {
        return started(name, Map.of());
    }

    private ServiceProcess started(String name, Map<String, String> settings) throws InterruptedException {
        ServiceProcess frontend = stack.frontend(name, settings);
        extra.add(frontend);
        frontend.start();
        return frontend;
    }

    /** Looks the stock up at each front end until each serves it from its cache; returns the quantity they hold. */
    private long cachedEverywhere(List<ServiceProcess> frontends) {
        long quantity = quantityAt(frontends.getFirst());
        for (ServiceProcess frontend : frontends) {
            await().atMost(Duration.ofSeconds(10)).until(() -> "hit".equals(lookup(frontend).header("X-Cache")));
            assertThat(quantityAt(frontend)).as(frontend.name()).isEqualTo(quantity);
        }
        return quantity;
    }

    /** Sells one through {@code frontend}; its transaction number. */
    private long sell(ServiceProcess frontend) {
        Api.Reply trade = trade(frontend);
        assertThat(trade.status()).as("a trade through " + frontend.name()).isEqualTo(200);
        return trade.data().get("transaction_number").asLong();
    }

    private Api.Reply trade(ServiceProcess frontend) {
        return api.post(frontend.url().resolve("/orders"), Map.of("name", STOCK, "quantity", 1, "type", "sell"));
    }

    private long quantityAt(ServiceProcess frontend) {
        Api.Reply reply = lookup(frontend);
        assertThat(reply.status()).isEqualTo(200);
        return reply.data().get("quantity").asLong();
    }

    private Api.Reply lookup(ServiceProcess frontend) {
        return api.get(frontend.url().resolve("/stocks/" + STOCK));
    }

    private int registeredFrontends() {
        URI catalog = stack.catalog.url().resolve("/internal/frontends");
        return api.internalGet(catalog).data().size();
    }
}
