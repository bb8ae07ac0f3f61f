package org.stockbazaar.catalog.stock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpStatus;
import org.stockbazaar.catalog.CatalogProperties;
import org.stockbazaar.catalog.invalidation.FrontendInvalidator;
import org.stockbazaar.catalog.store.TradeJournal;
import org.stockbazaar.support.ApiException;
import org.stockbazaar.support.ItemResult;
import tools.jackson.databind.json.JsonMapper;

class CatalogTest {

    private static final List<String> SEEDED = List.of("GameStart", "BoarCo", "MenhirCo", "RottenFishCo", "AAPL",
            "AMZN", "GOOGL", "META", "NVDA", "NFLX");

    private final JsonMapper json = JsonMapper.builder().build();
    private final FrontendInvalidator invalidator = mock(FrontendInvalidator.class);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<Catalog> opened = new ArrayList<>();

    @TempDir
    Path dataDir;

    private Catalog catalog(int snapshotEvery, int remembered) {
        Catalog catalog = new Catalog(new CatalogProperties(dataDir, null, List.of(), Duration.ofMillis(100),
                snapshotEvery, remembered), json, invalidator, meters);
        opened.add(catalog);
        return catalog;
    }

    private Catalog catalog() {
        return catalog(50_000, 50_000);
    }

    private Catalog restarted(Catalog running, int snapshotEvery, int remembered) throws Exception {
        running.close();
        return catalog(snapshotEvery, remembered);
    }

    @AfterEach
    void closeCatalogs() throws Exception {
        for (Catalog catalog : opened) {
            catalog.close();
        }
    }

    @Test
    void freshCatalogHasTheSeededStocks() {
        Catalog catalog = catalog();

        assertThat(catalog.stocks()).extracting(Stock::name).containsExactlyInAnyOrderElementsOf(SEEDED);
        assertThat(catalog.stocks()).allSatisfy(stock -> {
            assertThat(stock.quantity()).isEqualTo(100);
            assertThat(stock.volume()).isZero();
        });
        assertThat(catalog.lookup("GameStart").price()).isEqualByComparingTo(new BigDecimal("15.99"));
    }

    @Test
    void unknownStockIsNotFound() {
        ApiException refused = catchThrowableOfType(ApiException.class, () -> catalog().lookup("Nope"));

        assertThat(refused.status()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void tradeIsVisibleToLookupsBeforeTheFrontEndsAreToldToInvalidate() {
        Catalog catalog = catalog();
        AtomicLong quantitySeenByInvalidation = new AtomicLong(-1);
        doAnswer(call -> {
            Collection<String> names = call.getArgument(0);
            quantitySeenByInvalidation.set(catalog.lookup(names.iterator().next()).quantity());
            return null;
        }).when(invalidator).stocksChanged(anyCollection());

        Catalog.TradeResult result = catalog.trade("GameStart", TradeType.BUY, 3, "r1");

        assertThat(result.duplicate()).isFalse();
        assertThat(result.stock().quantity()).isEqualTo(97);
        assertThat(result.stock().volume()).isEqualTo(3);
        assertThat(catalog.lookup("GameStart").quantity()).isEqualTo(97);
        verify(invalidator).stocksChanged(Set.of("GameStart"));
        // a front end that refills its cache on the invalidation must read the new quantity, not the old one
        assertThat(quantitySeenByInvalidation).hasValue(97);
    }

    @Test
    void refusedTradeChangesNothingAndInvalidatesNothing() {
        Catalog catalog = catalog();

        ApiException refused = catchThrowableOfType(ApiException.class,
                () -> catalog.trade("GameStart", TradeType.BUY, 101, "r1"));

        assertThat(refused.status()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(catalog.lookup("GameStart").quantity()).isEqualTo(100);
        verify(invalidator, never()).stocksChanged(anyCollection());
    }

    @Test
    void aBatchAnswersEachTradeOnItsOwnAndPushesOneInvalidationForAll() {
        Catalog catalog = catalog();

        List<ItemResult<Catalog.TradeResult>> results = catalog.tradeAll(List.of(
                new TradeOrder("GameStart", TradeType.BUY, 60, "a"),
                new TradeOrder("GameStart", TradeType.BUY, 60, "b"),
                new TradeOrder("NoSuchCo", TradeType.SELL, 1, "c"),
                new TradeOrder("BoarCo", TradeType.SELL, 5, "d"),
                new TradeOrder("GameStart", TradeType.BUY, 60, "a"),
                new TradeOrder("GameStart", TradeType.SELL, 1, "a")));

        // in order, as if one after the other: the second buy finds 40 left; the repeated id is the same trade
        assertThat(results.get(0).data().entry().quantityAfter()).isEqualTo(40);
        assertThat(results.get(1).error().code()).isEqualTo(409);
        assertThat(results.get(1).error().message()).isEqualTo("not enough stock: only 40 left");
        assertThat(results.get(2).error().code()).isEqualTo(404);
        assertThat(results.get(3).data().stock().quantity()).isEqualTo(catalog.lookup("BoarCo").quantity());
        assertThat(results.get(4).data().duplicate()).isTrue();
        assertThat(results.get(4).data().entry().seq()).isEqualTo(results.get(0).data().entry().seq());
        assertThat(results.get(5).error().code()).isEqualTo(409);
        assertThat(catalog.lookup("GameStart").quantity()).isEqualTo(40);
        verify(invalidator).stocksChanged(Set.of("GameStart", "BoarCo"));
    }

    @Test
    void eachDecisionIsCountedByOutcomeAndEachGroupCommitFsyncIsTimed() {
        Catalog catalog = catalog();

        catalog.tradeAll(List.of(
                new TradeOrder("GameStart", TradeType.BUY, 60, "a"),
                new TradeOrder("GameStart", TradeType.BUY, 60, "b"),
                new TradeOrder("NoSuchCo", TradeType.SELL, 1, "c"),
                new TradeOrder("GameStart", TradeType.BUY, 60, "a")));

        assertThat(meters.get("bazaar.catalog.trades").tag("outcome", "applied").counter().count()).isEqualTo(1);
        assertThat(meters.get("bazaar.catalog.trades").tag("outcome", "refused").counter().count()).isEqualTo(2);
        assertThat(meters.get("bazaar.catalog.trades").tag("outcome", "duplicate").counter().count()).isEqualTo(1);
        assertThat(meters.get("bazaar.catalog.journal.fsync").timer().count()).isEqualTo(1);
    }

    @Test
    void aBatchOfRefusalsInvalidatesNothing() {
        Catalog catalog = catalog();
        catalog.trade("GameStart", TradeType.SELL, 1, "first");
        clearInvocations(invalidator);

        List<ItemResult<Catalog.TradeResult>> results = catalog.tradeAll(List.of(
                new TradeOrder("NoSuchCo", TradeType.SELL, 1, "x"),
                new TradeOrder("GameStart", TradeType.BUY, 1_000, "y")));

        assertThat(results).allMatch(ItemResult::failed);
        verify(invalidator, never()).stocksChanged(anyCollection());
    }

    @Test
    void concurrentTradesOnOneStockNeverLoseAnUpdate() throws Exception {
        Catalog catalog = catalog();
        int threads = 8;
        int perThread = 40;
        AtomicInteger sells = new AtomicInteger();
        AtomicInteger buys = new AtomicInteger();
        AtomicInteger refusedBuys = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> traders = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                // six of eight threads buy, so the stock runs out now and then and some buys are refused
                boolean buyer = t < 6;
                traders.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        if (buyer) {
                            try {
                                catalog.trade("GameStart", TradeType.BUY, 1, null);
                                buys.incrementAndGet();
                            } catch (ApiException e) {
                                assertThat(e.status()).isEqualTo(HttpStatus.CONFLICT);
                                refusedBuys.incrementAndGet();
                            }
                        } else {
                            catalog.trade("GameStart", TradeType.SELL, 1, null);
                            sells.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> trader : traders) {
                trader.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(buys.get() + refusedBuys.get()).isEqualTo(6 * perThread);
        assertThat(sells.get()).isEqualTo(2 * perThread);
        Stock expected = new Stock("GameStart", new BigDecimal("15.99"), 100 + sells.get() - buys.get(),
                sells.get() + buys.get());
        assertThat(catalog.lookup("GameStart")).usingRecursiveComparison().withEqualsForType(
                (a, b) -> a.compareTo(b) == 0, BigDecimal.class).isEqualTo(expected);
        assertThat(restarted(catalog, 50_000, 50_000).lookup("GameStart")).usingRecursiveComparison()
                .withEqualsForType((a, b) -> a.compareTo(b) == 0, BigDecimal.class).isEqualTo(expected);
    }

    @Test
    void restartKeepsEveryTrade() throws Exception {
        Catalog catalog = catalog();
        catalog.trade("GameStart", TradeType.BUY, 10, "r1");
        catalog.trade("BoarCo", TradeType.SELL, 5, "r2");
        catalog.trade("GameStart", TradeType.SELL, 2, "r3");
        List<Stock> before = catalog.stocks();

        Catalog after = restarted(catalog, 50_000, 50_000);

        assertThat(after.stocks()).isEqualTo(before);
        assertThat(after.lookup("GameStart").quantity()).isEqualTo(92);
        assertThat(after.lookup("BoarCo").quantity()).isEqualTo(105);
    }

    @Test
    void retriedRequestIdIsRecognisedAfterARestart() throws Exception {
        Catalog catalog = catalog();
        Catalog.TradeResult first = catalog.trade("GameStart", TradeType.BUY, 10, "r1");

        Catalog after = restarted(catalog, 50_000, 50_000);
        Catalog.TradeResult retry = after.trade("GameStart", TradeType.BUY, 10, "r1");

        assertThat(retry.duplicate()).isTrue();
        assertThat(retry.entry()).isEqualTo(first.entry());
        assertThat(after.lookup("GameStart").quantity()).isEqualTo(90);
    }

    @Test
    void restartFromASnapshotAndTheJournalAfterItKeepsEveryTradeAndEveryRequestId() throws Exception {
        int snapshotEvery = 5;
        int trades = 23;
        Catalog catalog = catalog(snapshotEvery, 1000);
        Catalog.TradeResult first = null;
        for (int i = 1; i <= trades; i++) {
            Catalog.TradeResult result = catalog.trade(SEEDED.get(i % 3), i % 4 == 0 ? TradeType.SELL : TradeType.BUY,
                    i, "r" + i);
            if (i == 1) {
                first = result;
            }
        }
        List<Stock> before = catalog.stocks();
        catalog.close();

        assertThat(dataDir.resolve("catalog-snapshot.json")).exists();
        // the last snapshot holds the trades up to the last multiple of snapshotEvery; the journal only the rest
        assertThat(Files.readAllLines(dataDir.resolve("catalog-journal.log")))
                .hasSize(trades % snapshotEvery);

        Catalog after = catalog(snapshotEvery, 1000);
        assertThat(after.stocks()).isEqualTo(before);

        Catalog.TradeResult retry = after.trade(first.entry().name(), first.entry().type(), first.entry().units(),
                "r1");
        assertThat(retry.duplicate()).isTrue();
        assertThat(retry.entry()).isEqualTo(first.entry());
        assertThat(after.stocks()).isEqualTo(before);

        Catalog.TradeResult next = after.trade("GameStart", TradeType.SELL, 1, "r-next");
        assertThat(next.entry().seq()).isEqualTo(trades + 1);
    }

    @Test
    void journalLinesTheSnapshotAlreadyHoldsAreSkippedOnRestart() throws Exception {
        // a crash after the snapshot's rename but before the journal was emptied leaves such lines behind
        Path journal = dataDir.resolve("catalog-journal.log");
        Catalog catalog = catalog(5, 1000);
        for (int i = 1; i <= 4; i++) {
            catalog.trade("GameStart", TradeType.BUY, 1, "r" + i);
        }
        byte[] linesBeforeTheSnapshot = Files.readAllBytes(journal);
        catalog.trade("GameStart", TradeType.BUY, 1, "r5");
        catalog.trade("GameStart", TradeType.BUY, 1, "r6");
        catalog.close();
        byte[] linesAfterTheSnapshot = Files.readAllBytes(journal);
        Files.write(journal, linesBeforeTheSnapshot);
        Files.write(journal, linesAfterTheSnapshot, StandardOpenOption.APPEND);

        Catalog after = catalog(5, 1000);

        assertThat(after.lookup("GameStart").quantity()).isEqualTo(94);
        assertThat(after.lookup("GameStart").volume()).isEqualTo(6);
        assertThat(after.trade("GameStart", TradeType.BUY, 1, "r7").entry().seq()).isEqualTo(7);
    }

    @Test
    void journalLineThatDoesNotMatchTheReplayedStateStopsTheStart() throws Exception {
        TradeJournal journal = new TradeJournal(dataDir.resolve("catalog-journal.log"), json);
        journal.open();
        journal.append(new TradeEntry(1, "r1", "GameStart", TradeType.BUY, 1, 99, 1));
        journal.append(new TradeEntry(2, "r2", "GameStart", TradeType.BUY, 1, 99, 2));
        journal.append(new TradeEntry(3, "r3", "GameStart", TradeType.BUY, 1, 97, 3));
        journal.syncThrough(3);
        journal.close();

        assertThatThrownBy(() -> catalog()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("trade 2 does not match");
    }

    @Test
    void damagedSnapshotStopsTheStartWithAClearMessage() throws Exception {
        Catalog catalog = catalog(5, 1000);
        for (int i = 1; i <= 5; i++) {
            catalog.trade("GameStart", TradeType.BUY, 1, "r" + i);
        }
        catalog.close();
        Path snapshot = dataDir.resolve("catalog-snapshot.json");
        byte[] content = Files.readAllBytes(snapshot);
        Files.write(snapshot, Arrays.copyOf(content, content.length / 2));

        assertThatThrownBy(() -> catalog(5, 1000)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("catalog snapshot " + snapshot)
                .hasMessageContaining("unreadable")
                .hasMessageContaining("refusing to start");
    }

    @Test
    void snapshotOfGarbageStopsTheStartWithAClearMessage() throws IOException {
        Path snapshot = dataDir.resolve("catalog-snapshot.json");
        Files.writeString(snapshot, "not json at all");

        assertThatThrownBy(() -> catalog()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("catalog snapshot " + snapshot)
                .hasMessageContaining("unreadable");
    }
}
