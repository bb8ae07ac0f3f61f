package org.stockbazaar.frontend.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.http.HttpStatus;
import org.stockbazaar.frontend.FrontendProperties;
import org.stockbazaar.frontend.cache.StockCache;
import org.stockbazaar.frontend.leader.FakeReplica;
import org.stockbazaar.frontend.leader.LeaderSelector;
import org.stockbazaar.frontend.leader.LeaderSelectorTest;
import org.stockbazaar.frontend.leader.Leadership;
import org.stockbazaar.support.ApiException;
import org.stockbazaar.support.ServiceClients;
import org.stockbazaar.support.trade.Trade;
import org.stockbazaar.support.trade.TradeType;

/** The router against three fake replicas on 127.0.0.1: failover, retries with the same request id, and limits. */
class OrderRouterTest {

    private static final Trade BUY = new Trade("request-1", "GameStart", TradeType.BUY, 1);

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ConcurrentMapCacheManager caches = new ConcurrentMapCacheManager(StockCache.NAME);
    private FakeReplica one;
    private FakeReplica two;
    private FakeReplica three;
    private final List<OrderRouter> routers = new ArrayList<>();
    private final AcknowledgedTrades acknowledged = new AcknowledgedTrades();

    @BeforeEach
    void startReplicas() throws IOException {
        one = new FakeReplica(1);
        two = new FakeReplica(2);
        three = new FakeReplica(3);
    }

    @AfterEach
    void stopReplicas() {
        routers.forEach(OrderRouter::close);
        one.close();
        two.close();
        three.close();
    }

    private OrderRouter router(Duration deadline) {
        return router(deadline, 2);
    }

    private OrderRouter router(Duration deadline, int tradeSenders) {
        FrontendProperties properties = LeaderSelectorTest.properties(
                List.of(one.entry(), two.entry(), three.entry()), deadline, tradeSenders);
        OrderRouter router = new OrderRouter(new LeaderSelector(properties, ServiceClients.plain(FakeReplica.TOKEN)),
                caches, properties, acknowledged, new CommittedOrders(properties, meters), meters);
        routers.add(router);
        return router;
    }

    private OrderRouter router() {
        return router(Duration.ofSeconds(5));
    }

    @Test
    void tradeIsSentToTheElectedLeaderAndItsNumberReturned() {
        three.nextNumber.set(7);

        assertThat(router().trade(BUY)).isEqualTo(7);

        assertThat(three.tradeRequestIds).containsExactly("request-1");
        assertThat(two.tradeRequestIds).isEmpty();
        assertThat(one.tradeRequestIds).isEmpty();
    }

    @Test
    void acknowledgedTradesAreKeptNewestFirstAndRefusedOnesAreNot() {
        OrderRouter router = router();
        three.nextNumber.set(7);
        router.trade(BUY);
        router.trade(new Trade("request-2", "BoarCo", TradeType.SELL, 3));
        three.stop();
        two.stop();
        one.stop();
        assertRefused(() -> router(Duration.ofMillis(100)).trade(new Trade("request-3", "GameStart", TradeType.BUY, 1)),
                HttpStatus.SERVICE_UNAVAILABLE, "no order replica available");

        assertThat(acknowledged.newestFirst()).containsExactly(new Order(8, "BoarCo", TradeType.SELL, 3),
                new Order(7, "GameStart", TradeType.BUY, 1));
    }

    @Test
    void onlyTheLastTradesAreKept() {
        AcknowledgedTrades trades = new AcknowledgedTrades();
        for (int n = 0; n < AcknowledgedTrades.KEPT + 5; n++) {
            trades.add(new Order(n, "GameStart", TradeType.BUY, 1));
        }

        assertThat(trades.newestFirst()).hasSize(AcknowledgedTrades.KEPT).first()
                .isEqualTo(new Order(AcknowledgedTrades.KEPT + 4, "GameStart", TradeType.BUY, 1));
    }

    @Test
    void aRepeatedOrderIsListedOnceAndAnOldOneDoesNotComeBack() {
        AcknowledgedTrades trades = new AcknowledgedTrades();
        for (int n = 0; n < AcknowledgedTrades.KEPT + 5; n++) {
            trades.add(new Order(n, "GameStart", TradeType.BUY, 1));
        }
        // the same Idempotency-Key answered again: the last one kept, and one from before those kept
        trades.add(new Order(AcknowledgedTrades.KEPT + 4, "GameStart", TradeType.BUY, 1));
        trades.add(new Order(2, "GameStart", TradeType.BUY, 1));

        assertThat(trades.newestFirst()).extracting(Order::number).hasSize(AcknowledgedTrades.KEPT)
                .doesNotHaveDuplicates().startsWith((long) AcknowledgedTrades.KEPT + 4).endsWith(5L);
    }

    @Test
    void tradesAcknowledgedOutOfOrderAreListedHighestNumberFirst() {
        AcknowledgedTrades trades = new AcknowledgedTrades();
        trades.add(new Order(5, "GameStart", TradeType.BUY, 1));
        trades.add(new Order(4, "BoarCo", TradeType.SELL, 1));

        assertThat(trades.newestFirst()).extracting(Order::number).containsExactly(5L, 4L);
    }

    @Test
    void tradedStockIsDroppedFromTheCacheBeforeTheAnswer() {
        caches.getCache(StockCache.NAME).put("GameStart", "old quote");
        caches.getCache(StockCache.NAME).put("BoarCo", "quote");

        router().trade(BUY);

        assertThat(caches.getCache(StockCache.NAME).get("GameStart")).isNull();
        assertThat(caches.getCache(StockCache.NAME).get("BoarCo")).isNotNull();
    }

    @Test
    void stockIsDroppedFromTheCacheAlsoWhenTheOutcomeIsUnknownOrRefused() {
        one.stop();
        two.stop();
        three.stop();
        caches.getCache(StockCache.NAME).put("GameStart", "old quote");

        assertRefused(() -> router(Duration.ofMillis(100)).trade(BUY), HttpStatus.SERVICE_UNAVAILABLE,
                "no order replica available");

        assertThat(caches.getCache(StockCache.NAME).get("GameStart")).isNull();
    }

    @Test
    void leaderThatRefusesConnectionsMidStreamIsReplacedAndTheTradeRetriedWithTheSameRequestId() {
        OrderRouter router = router();
        assertThat(router.trade(new Trade("request-0", "GameStart", TradeType.BUY, 1))).isZero();
        three.stop();
        two.nextNumber.set(1);

        assertThat(router.trade(BUY)).isEqualTo(1);

        assertThat(two.tradeRequestIds).containsExactly("request-1");
        assertThat(two.leadRequests).hasValue(1);
        assertThat(one.notices).containsExactly(new Leadership(3, 1), new Leadership(2, 2));
    }

    @Test
    void leaderThatDiesAfterReadingTheTradeIsReplacedAndTheSameRequestIdRetried() {
        OrderRouter router = router();
        assertThat(router.trade(new Trade("request-0", "GameStart", TradeType.BUY, 1))).isZero();
        three.trades = trade -> {
            three.crash();
            return FakeReplica.Answer.none();
        };
        two.nextNumber.set(1);

        assertThat(router.trade(BUY)).isEqualTo(1);

        assertThat(three.tradeRequestIds).containsExactly("request-0", "request-1");
        assertThat(two.tradeRequestIds).containsExactly("request-1");
    }

    @Test
    void leaderThatHangsIsReplacedAfterTheReplicaTimeout() {
        OrderRouter router = router();
        assertThat(router.trade(new Trade("request-0", "GameStart", TradeType.BUY, 1))).isZero();
        three.hang();
        two.nextNumber.set(1);

        assertThat(router.trade(BUY)).isEqualTo(1);

        assertThat(two.tradeRequestIds).containsExactly("request-1");
    }

    @Test
    void notTheLeaderMakesTheFrontEndFindTheLeaderAndRetryThere() {
        three.leading(1);
        three.trades = trade -> {
            three.role = "FOLLOWER";
            two.leading(2);
            return FakeReplica.Answer.error(503, "not the leader; the leader is replica 2");
        };
        two.nextNumber.set(4);

        assertThat(router().trade(BUY)).isEqualTo(4);

        assertThat(three.tradeRequestIds).containsExactly("request-1");
        assertThat(two.tradeRequestIds).containsExactly("request-1");
        assertThat(one.leadRequests.get() + two.leadRequests.get() + three.leadRequests.get()).isZero();
    }

    @Test
    void serverErrorIsRetriedWithTheSameRequestId() {
        AtomicInteger attempts = new AtomicInteger();
        three.trades = trade -> attempts.incrementAndGet() == 1
                ? FakeReplica.Answer.error(500, "internal error")
                : FakeReplica.Answer.data(Map.of("transaction_number", 9));

        assertThat(router().trade(BUY)).isEqualTo(9);

        assertThat(three.tradeRequestIds).containsExactly("request-1", "request-1");
    }

    @Test
    void conflictFromTheLeaderReachesTheClientUnchangedAndIsNotRetried() {
        three.trades = trade -> FakeReplica.Answer.error(409, "not enough stock: only 3 left");
        OrderRouter router = router();

        assertRefused(() -> router.trade(BUY), HttpStatus.CONFLICT, "not enough stock: only 3 left");

        assertThat(three.tradeRequestIds).containsExactly("request-1");
        assertThat(three.statusProbes).hasValue(1);
    }

    @Test
    void aLeaderThatCannotReachTheCatalogRefusesTheTradeItselfAndThatIsTheAnswerAtOnce() {
        // the leader's 503 in the trade's place: it decided the trade and did nothing, so no 504 and no retry
        three.trades = trade -> FakeReplica.Answer.perTrade(503, "catalog service unavailable");

        assertRefused(() -> router().trade(BUY), HttpStatus.SERVICE_UNAVAILABLE, "catalog service unavailable");
        assertThat(three.tradeRequestIds).containsExactly("request-1");
    }

    @Test
    void unknownStockFromTheLeaderReachesTheClientUnchanged() {
        three.trades = trade -> FakeReplica.Answer.error(404, "stock not found");

        assertRefused(() -> router().trade(BUY), HttpStatus.NOT_FOUND, "stock not found");
        assertThat(three.tradeRequestIds).containsExactly("request-1");
    }

    @Test
    void eachTradeIsCountedAndTimedByItsOutcome() {
        OrderRouter router = router(Duration.ofMillis(300));
        router.trade(BUY);
        three.trades = trade -> FakeReplica.Answer.error(404, "stock not found");
        assertRefused(() -> router.trade(BUY), HttpStatus.NOT_FOUND, "stock not found");
        three.trades = trade -> FakeReplica.Answer.error(503, "catalog service unavailable");
        assertOutcomeUnknown(() -> router.trade(BUY), "request-1");
        one.stop();
        two.stop();
        three.stop();
        assertRefused(() -> router(Duration.ofMillis(100)).trade(BUY), HttpStatus.SERVICE_UNAVAILABLE,
                "no order replica available");

        for (String outcome : List.of("acknowledged", "refused", "unknown", "failed")) {
            assertThat(meters.get("bazaar.trades").tag("outcome", outcome).counter().count()).as(outcome)
                    .isEqualTo(1);
        }
        assertThat(meters.get("bazaar.trade.latency").tag("outcome", "acknowledged").timer().count()).isEqualTo(1);
    }

    @Test
    void tradesThatWaitedGoInOneBatchAndEachClientGetsItsOwnAnswer() throws Exception {
        OrderRouter router = router(Duration.ofSeconds(5), 1);
        assertThat(router.trade(new Trade("request-0", "GameStart", TradeType.BUY, 1))).isZero();
        CountDownLatch release = new CountDownLatch(1);
        three.trades = trade -> {
            String id = trade.get("requestId").stringValue();
            if (id.equals("held")) {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return id.startsWith("refused")
                    ? FakeReplica.Answer.error(409, "not enough stock: only 0 left")
                    : FakeReplica.Answer.data(Map.of("transaction_number", three.nextNumber.getAndIncrement()));
        };
        ExecutorService clients = Executors.newFixedThreadPool(5);
        try {
            // the one sender carries the held trade, so the next four wait and then leave together
            Future<Long> held = clients.submit(() -> router.trade(new Trade("held", "GameStart", TradeType.BUY, 1)));
            await().atMost(Duration.ofSeconds(10)).until(() -> three.tradeRequestIds.size() == 2);
            List<Future<Long>> waiting = new ArrayList<>();
            for (String id : List.of("a", "refused-b", "c", "refused-d")) {
                waiting.add(clients.submit(() -> router.trade(new Trade(id, "GameStart", TradeType.BUY, 1))));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> router.queuedTrades() == 4);

            release.countDown();

            held.get(10, TimeUnit.SECONDS);
            assertThat(waiting.get(0).get(10, TimeUnit.SECONDS)).isNotNull();
            assertThat(waiting.get(2).get(10, TimeUnit.SECONDS)).isNotEqualTo(waiting.get(0).get());
            for (int refused : List.of(1, 3)) {
                assertThatThrownBy(() -> waiting.get(refused).get(10, TimeUnit.SECONDS)).cause()
                        .isInstanceOfSatisfying(ApiException.class, e -> {
                            assertThat(e.status()).isEqualTo(HttpStatus.CONFLICT);
                            assertThat(e.getMessage()).isEqualTo("not enough stock: only 0 left");
                        });
            }
            assertThat(three.batchSizes).containsExactly(1, 1, 4);
            assertThat(three.tradeRequestIds.subList(2, 6))
                    .containsExactlyInAnyOrder("a", "refused-b", "c", "refused-d");
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void nothingReachableIsA503WithinTheDeadline() {
        one.stop();
        two.stop();
        three.stop();
        Duration deadline = Duration.ofMillis(400);
        OrderRouter router = router(deadline);

        long start = System.nanoTime();
        assertRefused(() -> router.trade(BUY), HttpStatus.SERVICE_UNAVAILABLE, "no order replica available");
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        // it kept trying until shortly before the deadline, then gave up instead of starting a pause past it
        assertThat(took).isBetween(deadline.minusMillis(250), deadline.plusMillis(500));
    }

    @Test
    void aLeaderThatOnlyOtherFrontEndsReachIsNotDeposedAndTheTradeIsRefusedSayingSo() {
        // replica 3 leads, but this front end cannot reach it: replicas 2 and 1, asked to lead, name it
        three.stop();
        two.defersTo = new Leadership(3, 4);
        one.defersTo = new Leadership(3, 4);

        assertRefused(() -> router(Duration.ofMillis(300)).trade(BUY), HttpStatus.SERVICE_UNAVAILABLE,
                "the order leader (replica 3) does not answer this front end");

        assertThat(two.tradeRequestIds).isEmpty();
        assertThat(one.tradeRequestIds).isEmpty();
        assertThat(two.role).isEqualTo("FOLLOWER");
    }

    @Test
    void leaderThatKeepsAnswering503IsRetriedUntilTheDeadlineAndThenTheOutcomeIsUnknown() {
        // a leader's 503 for the batch can come once the leader logged the trade
        three.trades = trade -> FakeReplica.Answer.error(503, "catalog service unavailable");
        // long enough for a second attempt even on a loaded machine (one attempt took over 400 ms once)
        OrderRouter router = router(Duration.ofSeconds(2));

        assertOutcomeUnknown(() -> router.trade(BUY), "request-1");

        assertThat(three.tradeRequestIds).hasSizeGreaterThan(1).containsOnly("request-1");
        assertThat(three.leadRequests).hasValue(1);
    }

    @Test
    void leaderThatTakesTheTradeAndNeverAnswersLeavesTheOutcomeUnknown() {
        OrderRouter router = router(Duration.ofMillis(400));
        assertThat(router.trade(new Trade("request-0", "GameStart", TradeType.BUY, 1))).isZero();
        three.hang();
        two.stop();
        one.stop();

        assertOutcomeUnknown(() -> router.trade(BUY), "request-1");
    }

    @Test
    void leaderThatDiesAfterReadingTheTradeWithNoSuccessorLeavesTheOutcomeUnknown() {
        OrderRouter router = router(Duration.ofMillis(400));
        assertThat(router.trade(new Trade("request-0", "GameStart", TradeType.BUY, 1))).isZero();
        three.crash();
        two.stop();
        one.stop();

        assertOutcomeUnknown(() -> router.trade(BUY), "request-1");
    }

    @Test
    void definitiveAnswerToALaterAttemptIsTheAnswer() {
        AtomicInteger attempts = new AtomicInteger();
        three.trades = trade -> attempts.incrementAndGet() == 1
                ? FakeReplica.Answer.error(503, "order not confirmed by a majority in time")
                : FakeReplica.Answer.error(409, "not enough stock: only 0 left");

        assertRefused(() -> router().trade(BUY), HttpStatus.CONFLICT, "not enough stock: only 0 left");
    }

    @Test
    void misconfiguredLeaderAfterAnUnansweredAttemptLeavesTheOutcomeUnknown() {
        AtomicInteger attempts = new AtomicInteger();
        three.trades = trade -> attempts.incrementAndGet() == 1
                ? FakeReplica.Answer.error(503, "order not confirmed by a majority in time")
                : FakeReplica.Answer.error(403, "internal endpoint: wrong X-Bazaar-Internal-Token");

        assertOutcomeUnknown(() -> router().trade(BUY), "request-1");
    }

    @Test
    void tradeThatNeverReachedAReplicaBeforeTheLeaderWasFoundIsA503() {
        three.canLead = false;
        two.canLead = false;
        one.canLead = false;

        assertRefused(() -> router(Duration.ofMillis(300)).trade(BUY), HttpStatus.SERVICE_UNAVAILABLE,
                "no order replica available");

        assertThat(three.tradeRequestIds).isEmpty();
    }

    @Test
    void orderIsReadFromTheLeader() {
        three.orders = number -> FakeReplica.Answer.data(
                Map.of("number", number, "name", "GameStart", "type", "sell", "quantity", 3));

        assertThat(router().order(5)).isEqualTo(new Order(5, "GameStart", TradeType.SELL, 3));
    }

    @Test
    void unknownOrderIsA404() {
        assertRefused(() -> router().order(99), HttpStatus.NOT_FOUND, "order not found");
    }

    @Test
    void orderQueryFollowsTheLeaderToItsSuccessor() {
        OrderRouter router = router();
        router.trade(BUY);
        three.stop();
        two.orders = number -> FakeReplica.Answer.data(
                Map.of("number", number, "name", "GameStart", "type", "sell", "quantity", 2));

        assertThat(router.order(4)).isEqualTo(new Order(4, "GameStart", TradeType.SELL, 2));
    }

    @Test
    void anAcknowledgedTradesOrderIsAnsweredWithoutAskingTheLeader() {
        OrderRouter router = router();
        three.nextNumber.set(7);
        router.trade(BUY);

        assertThat(router.order(7)).isEqualTo(new Order(7, "GameStart", TradeType.BUY, 1));
        assertThat(three.orderQueries).hasValue(0);
    }

    @Test
    void anOrderFetchedFromTheLeaderIsAnsweredFromTheFrontEndNextTime() {
        OrderRouter router = router();
        three.orders = number -> FakeReplica.Answer.data(
                Map.of("number", number, "name", "GameStart", "type", "sell", "quantity", 3));

        router.order(5);
        // the leader could not answer now: a committed order never changes, so the kept one is the answer
        three.orders = number -> FakeReplica.Answer.error(503, "not the leader");

        assertThat(router.order(5)).isEqualTo(new Order(5, "GameStart", TradeType.SELL, 3));
        assertThat(three.orderQueries).hasValue(1);
    }

    @Test
    void aQueryThatMissesFetchesTheBlockAroundItSoThatItsNeighboursNeedNoHop() {
        OrderRouter router = router();
        three.orders = number -> number < 700 ? FakeReplica.Answer.data(Map.of("number", number, "name",
                number % 2 == 0 ? "GameStart" : "BoarCo", "type", "sell", "quantity", number + 1))
                : FakeReplica.Answer.error(404, "order not found");

        assertThat(router.order(5)).isEqualTo(new Order(5, "BoarCo", TradeType.SELL, 6));
        assertThat(router.order(0)).isEqualTo(new Order(0, "GameStart", TradeType.SELL, 1));
        assertThat(router.order(511)).isEqualTo(new Order(511, "BoarCo", TradeType.SELL, 512));
        assertThat(three.orderQueries).hasValue(1);
        // the next block holds the committed orders 512 to 699 only
        assertThat(router.order(699)).isEqualTo(new Order(699, "BoarCo", TradeType.SELL, 700));
        assertThat(router.order(512)).isEqualTo(new Order(512, "GameStart", TradeType.SELL, 513));
        assertThat(three.orderQueries).hasValue(2);
        assertRefused(() -> router.order(700), HttpStatus.NOT_FOUND, "order not found");
        assertThat(three.orderQueries).hasValue(3);
    }

    @Test
    void aBlockPartlyHeldIsFetchedFromTheFirstOrderNotHeld() {
        OrderRouter router = router();
        router.trade(BUY);
        router.trade(new Trade("request-2", "GameStart", TradeType.BUY, 1));
        three.orders = number -> number < 4 ? FakeReplica.Answer.data(Map.of("number", number, "name", "BoarCo",
                "type", "sell", "quantity", 5)) : FakeReplica.Answer.error(404, "order not found");

        assertThat(router.order(3)).isEqualTo(new Order(3, "BoarCo", TradeType.SELL, 5));
        // the orders it acknowledged stay as they were
        assertThat(router.order(1)).isEqualTo(new Order(1, "GameStart", TradeType.BUY, 1));
        assertThat(three.orderBlocksFrom).containsExactly(2L);
    }

    @Test
    void aMalformedBlockIsTheLeadersFailureNotAnOrder() {
        OrderRouter router = router(Duration.ofMillis(300));
        three.orders = number -> FakeReplica.Answer.data(Map.of("number", number, "name", "GameStart", "type",
                "short", "quantity", 1));

        // a type this front end does not know reads as null: the block is refused, as a failed leader's answer is
        assertRefused(() -> router.order(5), HttpStatus.SERVICE_UNAVAILABLE, OrderRouter.NO_REPLICA);
    }

    @Test
    void anOrderNotYetCommittedIsAskedForAgain() {
        OrderRouter router = router();
        assertRefused(() -> router.order(5), HttpStatus.NOT_FOUND, "order not found");
        three.orders = number -> FakeReplica.Answer.data(
                Map.of("number", number, "name", "GameStart", "type", "sell", "quantity", 3));

        assertThat(router.order(5)).isEqualTo(new Order(5, "GameStart", TradeType.SELL, 3));
        assertThat(three.orderQueries).hasValue(2);
    }

    private static void assertOutcomeUnknown(Runnable call, String key) {
        assertRefused(call, HttpStatus.GATEWAY_TIMEOUT, "trade outcome unknown: it may still complete; send the same"
                + " order again with header Idempotency-Key: " + key + " to learn its transaction number (it trades"
                + " at most once)");
    }

    private static void assertRefused(Runnable call, HttpStatus status, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(status);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }
}
