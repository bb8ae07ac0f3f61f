package org.stockbazaar.frontend.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.stockbazaar.frontend.LoopbackServer;
import org.stockbazaar.support.InternalProperties;

/** The real front end against a fake catalog that grants leases and records every registration call. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "bazaar.internal.token=test-token",
        "bazaar.cache.lease-renewal=50ms",
        "bazaar.frontend.replicas=1=http://127.0.0.1:1"})
@DirtiesContext
class CatalogRegistrationTest {

    private static final List<String> CALLS = new CopyOnWriteArrayList<>();
    private static final AtomicLong REGISTRATION = new AtomicLong(1);
    /** Stocks the next grant tells the front end to drop, with versions (a JSON object's contents). */
    private static final AtomicReference<String> EVICT = new AtomicReference<>("");
    private static volatile boolean failing;
    /** A catalog of an earlier version: no {@code POST /internal/leases}, only {@code POST /internal/frontends}. */
    private static volatile boolean olderCatalog;
    private static final HttpServer CATALOG = catalog();

    @LocalServerPort
    private int port;

    @Autowired
    private StockCache cache;

    @Autowired
    private CatalogRegistration registration;

    @DynamicPropertySource
    static void catalogUrl(DynamicPropertyRegistry properties) {
        properties.add("bazaar.frontend.catalog-url", () -> "http://127.0.0.1:" + CATALOG.getAddress().getPort());
    }

    @AfterAll
    static void stopCatalog() {
        CATALOG.stop(0);
    }

    @Test
    void registersAtItsOwnAddressRenewsDropsWhatTheCatalogSaysEmptiesItsCacheWhenInDoubtAndLeavesOnShutdown() {
        // registered before the context was ready, with the secret, its cache's id and the port it listens on
        assertThat(cache.leaseValid()).isTrue();
        assertThat(CALLS.getFirst()).isEqualTo("POST /internal/leases test-token {\"id\":\"" + cache.id() + "\","
                + "\"url\":\"http://127.0.0.1:" + port + "\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> CALLS.size() >= 3);
        assertThat(cache.leaseView().registration()).isEqualTo(1);

        // a renewal's answer names stocks changed by trades this front end routed, each with its version after
        // them: a value read before that is dropped; one read since, and other stocks, stay
        cache.put("GameStart", new Versioned<>("quote", 6));
        cache.put("BoarCo", new Versioned<>("quote", 9));
        cache.put("MenhirCo", new Versioned<>("quote", 2));
        EVICT.set("\"GameStart\":7,\"BoarCo\":8");
        await().atMost(Duration.ofSeconds(10)).until(() -> !cache.keysInEvictionOrder().contains("GameStart"));
        EVICT.set("");
        assertThat(cache.keysInEvictionOrder()).containsExactly("BoarCo", "MenhirCo");
        // a renewal with no answer may have lost such a list: nothing cached is trusted
        failing = true;
        await().atMost(Duration.ofSeconds(10)).until(() -> cache.keysInEvictionOrder().isEmpty());
        failing = false;
        await().atMost(Duration.ofSeconds(10)).until(cache::leaseValid);

        cache.put("GameStart", "quote");
        assertThat(cache.keysInEvictionOrder()).containsExactly("GameStart");
        REGISTRATION.set(2);
        await().atMost(Duration.ofSeconds(10)).until(() -> cache.leaseView().registration() == 2);
        assertThat(cache.keysInEvictionOrder()).isEmpty();

        // a catalog of an earlier version answers 404 at /internal/leases: the lease is renewed where it renews
        olderCatalog = true;
        int before = CALLS.size();
        await().atMost(Duration.ofSeconds(10)).until(() -> CALLS.stream().skip(before)
                .anyMatch(call -> call.startsWith("POST /internal/frontends test-token {\"id\":\"" + cache.id())));
        await().atMost(Duration.ofSeconds(10)).until(cache::leaseValid);
        assertThat(cache.leaseView().registration()).isEqualTo(2);

        String id = CALLS.getFirst().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
        registration.stop(); // what the context's shutdown calls, before the web server stops
        assertThat(cache.leaseValid()).isFalse();
        assertThat(CALLS).contains("DELETE /internal/frontends/" + id + " test-token ");
    }

    private static HttpServer catalog() {
        HttpServer catalog = LoopbackServer.start("/internal/frontends", CatalogRegistrationTest::answer);
        catalog.createContext("/internal/leases", CatalogRegistrationTest::answer);
        return catalog;
    }

    private static void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            CALLS.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
                    + exchange.getRequestHeaders().getFirst(InternalProperties.HEADER) + " " + body);
            if (exchange.getRequestMethod().equals("DELETE")) {
                exchange.sendResponseHeaders(204, -1);
                return;
            }
            if (failing) {
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            if (olderCatalog && exchange.getRequestURI().getPath().equals("/internal/leases")) {
                byte[] none = "{\"error\":{\"code\":404,\"message\":\"no such endpoint\"}}"
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(404, none.length);
                exchange.getResponseBody().write(none);
                return;
            }
            byte[] grant = ("{\"data\":{\"registration\":" + REGISTRATION.get() + ",\"leaseMs\":1000,\"evict\":{"
                    + EVICT.get() + "}}}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, grant.length);
            exchange.getResponseBody().write(grant);
        }
    }
}
