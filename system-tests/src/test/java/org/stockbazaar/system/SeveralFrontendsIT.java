package org.stockbazaar.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.stockbazaar.client.launch.ServiceProcess;

/**
 * Three front ends on one stack, each with its own cache, kept coherent by the catalog's pushes and the leases
 * (docs/cache.md, "Several front ends"): after a trade is acknowledged through one, no front end answers with the
 * quantity from before it, while one of them is paused, and after another is killed.
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
    }

    private ServiceProcess started(String name) throws InterruptedException {
        ServiceProcess frontend = stack.frontend(name);
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

    private void sell(ServiceProcess frontend) {
        Api.Reply trade = api.post(frontend.url().resolve("/orders"),
                Map.of("name", STOCK, "quantity", 1, "type", "sell"));
        assertThat(trade.status()).as("a trade through " + frontend.name()).isEqualTo(200);
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
