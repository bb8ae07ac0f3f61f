package org.stockbazaar.frontend.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.stockbazaar.support.ApiException;
import org.stockbazaar.support.trade.Trade;
import org.stockbazaar.support.trade.TradeType;

/** Batches form only while every sender is busy, hold what waited, in order, and every trade gets an answer. */
class TradeBatcherTest {

    private final List<List<String>> batches = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private TradeBatcher batcher;

    @AfterEach
    void close() {
        release.countDown();
        if (batcher != null) {
            batcher.close();
        }
    }

    /** Records each batch; a batch holding a request id starting with "hold" waits for the test to release it. */
    private void answerWithNumbers(List<TradeBatcher.Pending> batch) {
        List<String> ids = batch.stream().map(pending -> pending.request().requestId()).toList();
        batches.add(ids);
        if (ids.stream().anyMatch(id -> id.startsWith("hold"))) {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        batch.forEach(pending -> pending.answer().complete((long) pending.request().requestId().hashCode()));
    }

    private CompletableFuture<Long> submit(String requestId) {
        return batcher.submit(new Trade(requestId, "GameStart", TradeType.BUY, 1), System.nanoTime());
    }

    @Test
    void aLoneTradeLeavesAtOnceInABatchOfOne() throws Exception {
        batcher = new TradeBatcher(2, 100, this::answerWithNumbers);

        assertThat(submit("a").get(10, TimeUnit.SECONDS)).isEqualTo("a".hashCode());
        assertThat(batches).containsExactly(List.of("a"));
    }

    @Test
    void withNoBatchOutTheClientsOwnThreadCarriesItsTradeAndReturnsItAnswered() {
        List<Thread> carriers = new CopyOnWriteArrayList<>();
        batcher = new TradeBatcher(1, 100, batch -> {
            carriers.add(Thread.currentThread());
            answerWithNumbers(batch);
        });

        CompletableFuture<Long> answer = batcher.sendOrQueue(new Trade("a", "GameStart", TradeType.BUY, 1),
                System.nanoTime());

        assertThat(answer).isCompletedWithValue((long) "a".hashCode());
        assertThat(carriers).containsExactly(Thread.currentThread());
    }

    @Test
    void withABatchOutATradeIsCarriedByASenderThreadNotTheClients() throws Exception {
        List<Thread> carriers = new CopyOnWriteArrayList<>();
        batcher = new TradeBatcher(2, 100, batch -> {
            carriers.add(Thread.currentThread());
            answerWithNumbers(batch);
        });
        submit("hold-1");
        await().atMost(Duration.ofSeconds(10)).until(() -> batches.size() == 1);

        CompletableFuture<Long> answer = batcher.sendOrQueue(new Trade("b", "GameStart", TradeType.BUY, 1),
                System.nanoTime());

        // the second slot is free, but a batch is out: the trade waits for a sender, gathering company meanwhile
        assertThat(answer.get(10, TimeUnit.SECONDS)).isEqualTo("b".hashCode());
        assertThat(carriers).hasSize(2).doesNotContain(Thread.currentThread());
    }

    @Test
    void withEverySlotTakenATradeQueuesAndASenderCarriesItOnceASlotFrees() throws Exception {
        batcher = new TradeBatcher(1, 100, this::answerWithNumbers);
        CompletableFuture<Long> held = submit("hold-1");
        await().atMost(Duration.ofSeconds(10)).until(() -> batches.size() == 1);

        CompletableFuture<Long> queued = batcher.sendOrQueue(new Trade("b", "GameStart", TradeType.BUY, 1),
                System.nanoTime());
        assertThat(queued).isNotDone();
        assertThat(batcher.queued()).isEqualTo(1);

        release.countDown();

        assertThat(held.get(10, TimeUnit.SECONDS)).isEqualTo("hold-1".hashCode());
        assertThat(queued.get(10, TimeUnit.SECONDS)).isEqualTo("b".hashCode());
        assertThat(batches).containsExactly(List.of("hold-1"), List.of("b"));
    }

    @Test
    void tradesArrivingWhileEverySenderIsBusyLeaveTogetherInOrder() throws Exception {
        batcher = new TradeBatcher(1, 100, this::answerWithNumbers);
        CompletableFuture<Long> held = submit("hold-1");
        await().atMost(Duration.ofSeconds(10)).until(() -> batches.size() == 1);
        List<CompletableFuture<Long>> waiting = new ArrayList<>();
        for (String id : List.of("b", "c", "d", "e")) {
            waiting.add(submit(id));
        }
        assertThat(batcher.queued()).isEqualTo(4);

        release.countDown();

        assertThat(held.get(10, TimeUnit.SECONDS)).isEqualTo("hold-1".hashCode());
        for (CompletableFuture<Long> answer : waiting) {
            answer.get(10, TimeUnit.SECONDS);
        }
        assertThat(batches).containsExactly(List.of("hold-1"), List.of("b", "c", "d", "e"));
        assertThat(waiting.get(2).get()).isEqualTo("d".hashCode());
    }

    @Test
    void aBatchHoldsAtMostMaxBatchTrades() throws Exception {
        batcher = new TradeBatcher(1, 3, this::answerWithNumbers);
        CompletableFuture<Long> held = submit("hold-1");
        await().atMost(Duration.ofSeconds(10)).until(() -> batches.size() == 1);
        List<CompletableFuture<Long>> waiting = new ArrayList<>();
        for (String id : List.of("b", "c", "d", "e", "f")) {
            waiting.add(submit(id));
        }

        release.countDown();

        held.get(10, TimeUnit.SECONDS);
        for (CompletableFuture<Long> answer : waiting) {
            answer.get(10, TimeUnit.SECONDS);
        }
        assertThat(batches).containsExactly(List.of("hold-1"), List.of("b", "c", "d"), List.of("e", "f"));
    }

    @Test
    void everySenderCarriesItsOwnBatchAtTheSameTime() {
        batcher = new TradeBatcher(2, 100, this::answerWithNumbers);

        submit("hold-1");
        await().atMost(Duration.ofSeconds(10)).until(() -> batches.size() == 1);
        submit("hold-2");

        // the second is out while the first is still unanswered: the two senders do not wait for each other
        await().atMost(Duration.ofSeconds(10)).until(() -> batches.size() == 2);
        assertThat(batches).containsExactlyInAnyOrder(List.of("hold-1"), List.of("hold-2"));
    }

    /** A batch whose first trade's id has a latch here waits for it; every batch is recorded as it leaves. */
    private final Map<String, CountDownLatch> holds = new ConcurrentHashMap<>();

    private void answerWhenReleased(List<TradeBatcher.Pending> batch) {
        List<String> ids = batch.stream().map(pending -> pending.request().requestId()).toList();
        batches.add(ids);
        CountDownLatch hold = holds.get(ids.get(0));
        try {
            if (hold != null && !hold.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released: " + ids);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        batch.forEach(pending -> pending.answer().complete(7L));
    }

    /**
     * Two senders: "a" and "b" out alone, then "c", "d", "e" together beside "b" once "a" is back (the last batch
     * that left held three), then "b" back; then "f", which a free sender holds back while the batch of three is out.
     */
    private CompletableFuture<Long> aTradeWaitingForCompany() throws Exception {
        batcher = new TradeBatcher(2, 100, this::answerWhenReleased);
        for (String id : List.of("a", "b", "c")) {
            holds.put(id, new CountDownLatch(1));
        }
        submit("a");
        await().atMost(Duration.ofSeconds(10)).until(() -> batches.size() == 1);
        CompletableFuture<Long> b = submit("b");
        await().atMost(Duration.ofSeconds(10)).until(() -> batches.size() == 2);
        for (String id : List.of("c", "d", "e")) {
            submit(id);
        }
        holds.get("a").countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> batches.size() == 3);
        assertThat(batches.get(2)).containsExactly("c", "d", "e");
        holds.get("b").countDown();
        b.get(10, TimeUnit.SECONDS);

        // a slot is free, but the batch of three is out: "f" alone does not leave beside it
        CompletableFuture<Long> f = submit("f");
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> batches.size() == 3);
        return f;
    }

    @Test
    void besideABatchOutATradeWaitsUntilAsManyWaitAsTheLastBatchHeld() throws Exception {
        CompletableFuture<Long> f = aTradeWaitingForCompany();

        CompletableFuture<Long> g = submit("g");
        CompletableFuture<Long> h = submit("h");

        // three waiting: they leave together while "c"'s batch is still out
        assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo(7L);
        assertThat(g.get(10, TimeUnit.SECONDS)).isEqualTo(7L);
        assertThat(h.get(10, TimeUnit.SECONDS)).isEqualTo(7L);
        assertThat(batches).hasSize(4);
        assertThat(batches.get(3)).containsExactly("f", "g", "h");
    }

    @Test
    void aTradeWaitingForCompanyLeavesAloneOnceNoBatchIsOut() throws Exception {
        CompletableFuture<Long> f = aTradeWaitingForCompany();

        holds.get("c").countDown();

        assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo(7L);
        assertThat(batches.get(3)).containsExactly("f");
    }

    @Test
    void aSendThatThrowsAnswersItsTradesWithAnInternalErrorAndTheNextBatchStillGoes() throws Exception {
        List<Integer> calls = new CopyOnWriteArrayList<>();
        Consumer<List<TradeBatcher.Pending>> failingOnce = batch -> {
            calls.add(batch.size());
            if (calls.size() == 1) {
                throw new IllegalStateException("bug");
            }
            batch.forEach(pending -> pending.answer().complete(7L));
        };
        batcher = new TradeBatcher(1, 100, failingOnce);

        assertRefused(submit("a"), HttpStatus.INTERNAL_SERVER_ERROR);
        assertThat(submit("b").get(10, TimeUnit.SECONDS)).isEqualTo(7L);
    }

    @Test
    void closingAnswersTheWaitingTradesWith503() {
        batcher = new TradeBatcher(1, 100, this::answerWithNumbers);
        submit("hold-1");
        await().atMost(Duration.ofSeconds(10)).until(() -> batches.size() == 1);
        CompletableFuture<Long> waiting = submit("b");

        batcher.close();

        assertRefused(waiting, HttpStatus.SERVICE_UNAVAILABLE);
        assertRefused(submit("c"), HttpStatus.SERVICE_UNAVAILABLE);
    }

    private static void assertRefused(CompletableFuture<Long> answer, HttpStatus status) {
        assertThatThrownBy(() -> answer.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(status));
    }
}
