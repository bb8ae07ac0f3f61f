package org.stockbazaar.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.stockbazaar.client.launch.ServiceProcess;
import tools.jackson.databind.JsonNode;

/**
 * Every service on its own address, as on its own host ({@link HostsStack}): trades, lookups through two front ends,
 * order queries and a failover work with nothing assuming a shared host, in clear text and with TLS between every
 * service (and on the front ends' public port).
 */
class SeparateHostsIT {

    private static final String STOCK = "GameStart";

    @Test
    void theStackWorksWithEachServiceOnItsOwnAddress() throws Exception {
        try (HostsStack stack = new HostsStack("separate-hosts", false).start()) {
            tradesLookupsQueriesAndAFailoverWork(stack);
        }
    }

    @Test
    void theStackWorksWithTlsBetweenServicesOnSeparateAddresses() throws Exception {
        try (HostsStack stack = new HostsStack("separate-hosts-tls", true).start()) {
            tradesLookupsQueriesAndAFailoverWork(stack);

            URI frontend = stack.frontends.getFirst().url();
            assertThat(frontend.getScheme()).isEqualTo("https");
            // the front end registered its own https address with the catalog, which pushes evictions to it
            assertThat(stack.api.internalGet(stack.catalog.url().resolve("/internal/frontends")).data())
                    .extracting(registration -> registration.get("url").asString())
                    .allMatch(url -> url.startsWith("https://127.0.0."));
            // a client that does not trust the throw-away CA is refused at the handshake
            HttpClient untrusting = Api.client().build();
            assertThatThrownBy(() -> untrusting.send(HttpRequest.newBuilder(frontend.resolve("/stocks/" + STOCK))
                    .build(), HttpResponse.BodyHandlers.ofString())).isInstanceOf(SSLHandshakeException.class);
            // and nothing answers in clear text
            URI plain = URI.create("http://" + frontend.getHost() + ":" + frontend.getPort() + "/stocks/" + STOCK);
            assertThat(plainStatus(untrusting, plain)).isNotEqualTo(200);
        }
    }

    private static void tradesLookupsQueriesAndAFailoverWork(HostsStack stack) throws InterruptedException {
        Api api = stack.api;
        ServiceProcess first = stack.frontends.get(0);
        ServiceProcess second = stack.frontends.get(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> api.internalGet(
                stack.catalog.url().resolve("/internal/frontends")).data().size() == 2);
        // the second front end caches the stock; a trade through the first changes what it answers
        long before = quantity(api, second);
        await().atMost(Duration.ofSeconds(10)).until(() -> "hit".equals(
                api.get(second.url().resolve("/stocks/" + STOCK)).header("X-Cache")));

        assertThat(trade(api, first, "buy")).isZero();
        assertThat(quantity(api, second)).isEqualTo(before - 1);
        JsonNode order = api.get(second.url().resolve("/orders/0")).data();
        assertThat(order.get("name").asString()).isEqualTo(STOCK);
        assertThat(order.get("type").asString()).isEqualTo("buy");

        // the leader's host fails: the next trade goes through a new leader elected over the others' addresses
        Replicas replicas = new Replicas(stack, api);
        int leader = replicas.leader();
        stack.replicas.get(leader - 1).kill9();
        assertThat(trade(api, second, "sell")).isEqualTo(1);
        assertThat(quantity(api, first)).isEqualTo(before);
        int survivor = replicas.other(leader);
        int otherSurvivor = replicas.other(leader, survivor);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(replicas.rows(survivor)).hasSize(2);
            assertThat(replicas.logText(otherSurvivor)).isEqualTo(replicas.logText(survivor));
        });
    }

    private static long trade(Api api, ServiceProcess frontend, String type) {
        Api.Reply reply = api.post(frontend.url().resolve("/orders"), Map.of("name", STOCK, "quantity", 1,
                "type", type));
        assertThat(reply.status()).as("a %s through %s", type, frontend.name()).isEqualTo(200);
        return reply.data().get("transaction_number").asLong();
    }

    private static long quantity(Api api, ServiceProcess frontend) {
        Api.Reply reply = api.get(frontend.url().resolve("/stocks/" + STOCK));
        assertThat(reply.status()).isEqualTo(200);
        return reply.data().get("quantity").asLong();
    }

    private static int plainStatus(HttpClient client, URI uri) throws InterruptedException {
        try {
            return client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        }
    }
}
