package org.stockbazaar.catalog.invalidation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.stockbazaar.catalog.CatalogProperties;
import org.stockbazaar.support.InternalProperties;
import org.stockbazaar.support.ServiceClients;

/** The group push against a fake front end that records every request it answers. */
class FrontendInvalidatorTest {

    private final List<String> answered = new CopyOnWriteArrayList<>();
    private final CountDownLatch releaseFirst = new CountDownLatch(1);
    private final CountDownLatch firstArrived = new CountDownLatch(1);
    private volatile boolean holdFirst;
    private HttpServer frontend;
    private FrontendRegistry registry;
    private FrontendInvalidator invalidator;
    private final ExecutorService traders = Executors.newFixedThreadPool(8);
    private final List<HttpServer> otherFrontends = new ArrayList<>();

    @BeforeEach
    void startFrontend() throws IOException {
        frontend = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        frontend.setExecutor(Executors.newFixedThreadPool(4));
        frontend.createContext("/internal/cache/evictions", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (holdFirst && firstArrived.getCount() > 0) {
                firstArrived.countDown();
                try {
                    releaseFirst.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            answered.add(exchange.getRequestHeaders().getFirst(InternalProperties.HEADER) + " " + body);
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        frontend.start();
        registerFrontendWithLease(Duration.ofSeconds(30));
    }

    private void registerFrontendWithLease(Duration lease) {
        URI url = URI.create("http://127.0.0.1:" + frontend.getAddress().getPort());
        CatalogProperties properties = new CatalogProperties(Path.of("unused"), null, lease, Duration.ofSeconds(5),
                50_000);
        registry = new FrontendRegistry(properties);
        registry.renew("fe-1", url);
        invalidator = new FrontendInvalidator(properties, ServiceClients.plain("secret"), registry);
    }

    /** Stocks changed by trades no front end drops itself (from another front end, or from none known). */
    private static Map<String, FrontendInvalidator.Change> pushedToAll(String... names) {
        Map<String, FrontendInvalidator.Change> changed = new LinkedHashMap<>();
        for (String name : names) {
            FrontendInvalidator.add(changed, name, null, 1);
        }
        return changed;
    }

    @AfterEach
    void stopFrontend() {
        traders.shutdownNow();
        frontend.stop(0);
        otherFrontends.forEach(server -> server.stop(0));
    }

    @Test
    void aChangedStockIsPushedWithTheInternalSecretBeforeTheCallReturns() {
        invalidator.stocksChanged(pushedToAll("GameStart"));

        assertThat(answered).containsExactly("secret {\"names\":[\"GameStart\"]}");
    }

    @Test
    void aStockTheFrontEndThatRoutedTheTradeDropsItselfIsNotPushedToItButGoesWithItsNextRenewal() {
        URI url = URI.create("http://127.0.0.1:" + frontend.getAddress().getPort());
        Map<String, FrontendInvalidator.Change> changed = new LinkedHashMap<>();
        FrontendInvalidator.add(changed, "GameStart", "fe-1", 7);

        invalidator.stocksChanged(changed);

        assertThat(answered).isEmpty();
        assertThat(registry.renew("fe-1", url).evict()).containsExactly(Map.entry("GameStart", 7L));
        assertThat(registry.renew("fe-1", url).evict()).isEmpty();
    }

    @Test
    void aStockAlsoChangedByATradeFromElsewhereIsPushedToTheFrontEndThatRoutedTheOther() {
        Map<String, FrontendInvalidator.Change> changed = new LinkedHashMap<>();
        FrontendInvalidator.add(changed, "GameStart", "fe-1", 7);
        FrontendInvalidator.add(changed, "BoarCo", "fe-1", 8);
        FrontendInvalidator.add(changed, "GameStart", "fe-2", 9);

        invalidator.stocksChanged(changed);

        assertThat(answered).containsExactly("secret {\"names\":[\"GameStart\"]}");
        assertThat(registry.renew("fe-1", URI.create("http://127.0.0.1:" + frontend.getAddress().getPort())).evict())
                .containsExactly(Map.entry("BoarCo", 8L));
    }

    @Test
    void stocksChangedDuringAPushGoTogetherInTheNextAndEachCallWaitsForItsOwn() throws Exception {
        holdFirst = true;
        Future<?> first = traders.submit(() -> invalidator.stocksChanged(pushedToAll("GameStart")));
        assertThat(firstArrived.await(10, TimeUnit.SECONDS)).isTrue();
        List<Future<?>> waiting = new ArrayList<>();
        List<String> names = List.of("BoarCo", "MenhirCo", "RottenFishCo", "GameStart");
        List<Thread> threads = new CopyOnWriteArrayList<>();
        for (String name : names) {
            waiting.add(traders.submit(() -> {
                threads.add(Thread.currentThread());
                invalidator.stocksChanged(pushedToAll(name));
            }));
        }
        // all four are queued behind the push in flight
        await().atMost(Duration.ofSeconds(10)).until(() -> threads.size() == names.size()
                && threads.stream().allMatch(t -> t.getState() == Thread.State.BLOCKED
                        || t.getState() == Thread.State.WAITING));
        assertThat(waiting).noneMatch(Future::isDone);

        releaseFirst.countDown();
        first.get(10, TimeUnit.SECONDS);
        for (Future<?> call : waiting) {
            call.get(10, TimeUnit.SECONDS);
        }

        assertThat(answered).hasSize(2);
        assertThat(answered.get(0)).isEqualTo("secret {\"names\":[\"GameStart\"]}");
        assertThat(answered.get(1)).startsWith("secret {\"names\":[").contains(
                "\"BoarCo\"", "\"MenhirCo\"", "\"RottenFishCo\"", "\"GameStart\"");
    }

    @Test
    void everyFrontEndIsToldAtOnceNotOneAfterTheOther() throws IOException {
        // each of two front ends answers only once the other has its push too: told one after the other, the first
        // would not answer within the push timeout and be revoked
        CyclicBarrier bothTold = new CyclicBarrier(2);
        registerFrontends(List.of("fe-a", "fe-b"), (id, body) -> {
            try {
                bothTold.await(5, TimeUnit.SECONDS);
                answered.add(id);
            } catch (Exception e) {
                // the other was not told meanwhile: no answer in time
            }
        });

        invalidator.stocksChanged(pushedToAll("GameStart"));

        assertThat(answered).containsExactlyInAnyOrder("fe-a", "fe-b");
        assertThat(registry.current()).hasSize(2);
    }

    @Test
    void theOtherFrontEndsArePushedAStockThatOneOfThemRouted() throws IOException {
        registerFrontends(List.of("fe-a", "fe-b"), (id, body) -> answered.add(id + " " + body));
        Map<String, FrontendInvalidator.Change> changed = new LinkedHashMap<>();
        FrontendInvalidator.add(changed, "GameStart", "fe-a", 3);

        invalidator.stocksChanged(changed);

        assertThat(answered).containsExactly("fe-b {\"names\":[\"GameStart\"]}");
    }

    /**
     * Front ends {@code ids}, each answering pushes after {@code answer} took its id and the body, on a registry of
     * their own (a push times out after 2 s); stopped after the test.
     */
    private void registerFrontends(List<String> ids, BiConsumer<String, String> answer) throws IOException {
        CatalogProperties properties = new CatalogProperties(Path.of("unused"), null, Duration.ofSeconds(30),
                Duration.ofSeconds(2), 50_000);
        registry = new FrontendRegistry(properties);
        for (String id : ids) {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/internal/cache/evictions", exchange -> {
                answer.accept(id, new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            server.start();
            otherFrontends.add(server);
            registry.renew(id, URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
        }
        invalidator = new FrontendInvalidator(properties, ServiceClients.plain("secret"), registry);
    }

    @Test
    void aFrontEndThatIsDownIsRevokedAndTheTradeGoesOnOnceItsLeaseHasRunOut() {
        registerFrontendWithLease(Duration.ofSeconds(1));
        long leaseEnd = registry.current().getFirst().until();
        frontend.stop(0);

        invalidator.stocksChanged(pushedToAll("GameStart"));

        // until its lease ends, the front end may still serve what it cached from before the trade
        assertThat(System.nanoTime() - leaseEnd).isNotNegative();
        assertThat(registry.current()).isEmpty();
        invalidator.stocksChanged(pushedToAll("BoarCo"));
        assertThat(answered).isEmpty();
    }

    @Test
    void aFrontEndWhoseLeaseRanOutIsNotPushedTo() {
        registerFrontendWithLease(Duration.ofMillis(200));
        await().atMost(Duration.ofSeconds(5)).until(() -> registry.current().isEmpty());

        invalidator.stocksChanged(pushedToAll("GameStart"));

        assertThat(answered).isEmpty();
    }
}
