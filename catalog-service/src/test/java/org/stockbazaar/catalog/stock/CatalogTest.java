package org.stockbazaar.catalog.stock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.ArgumentMatchers.anyMap;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpStatus;
import org.stockbazaar.catalog.CatalogProperties;
import org.stockbazaar.catalog.invalidation.FrontendInvalidator;
import org.stockbazaar.support.ApiException;
import org.stockbazaar.support.trade.CommittedOrder;
import org.stockbazaar.support.trade.Trade;
import org.stockbazaar.support.trade.TradeType;
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

    /** The committed order log the tests feed from: order n is {@code log.get(n)}. */
    private final List<CommittedOrder> log = new ArrayList<>();

    private Catalog catalog(int snapshotEvery) {
        Catalog catalog = new Catalog(new CatalogProperties(dataDir, null, Duration.ofSeconds(1), Duration.ofMillis(100),
                snapshotEvery), json, invalidator, meters);
        opened.add(catalog);
        return catalog;
    }

    private Catalog catalog() {
        return catalog(50_000);
    }

    private Catalog restarted(Catalog running, int snapshotEvery) throws Exception {
        running.close();
        return catalog(snapshotEvery);
    }

    /** Commits a new order to the test's log and returns it (not yet fed). */
    private CommittedOrder commit(String name, TradeType type, long quantity) {
        CommittedOrder order = new CommittedOrder(log.size(), new Trade("r" + log.size(), name, type, quantity));
        log.add(order);
        return order;
    }

    /** Commits one order and feeds it, as a leader of epoch 1 does; answers what the catalog then holds. */
    private long trade(Catalog catalog, String name, TradeType type, long quantity) {
        return catalog.applyCommitted(1, List.of(commit(name, type, quantity)));
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
        assertThat(catalog.published("GameStart").stock().price()).isEqualByComparingTo(new BigDecimal("15.99"));
    }

    @Test
    void unknownStockIsNotFound() {
        ApiException refused = catchThrowableOfType(ApiException.class, () -> catalog().published("Nope").stock());

        assertThat(refused.status()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void aCommittedOrderIsVisibleToLookupsBeforeTheFrontEndsAreToldToInvalidate() {
        Catalog catalog = catalog();
        AtomicLong quantitySeenByInvalidation = new AtomicLong(-1);
        doAnswer(call -> {
            Map<String, FrontendInvalidator.Change> names = call.getArgument(0);
            quantitySeenByInvalidation.set(catalog.published(names.keySet().iterator().next()).stock().quantity());
            return null;
        }).when(invalidator).stocksChanged(anyMap());

        long holds = trade(catalog, "GameStart", TradeType.BUY, 3);

        assertThat(holds).isEqualTo(1);
        assertThat(catalog.published("GameStart").stock().quantity()).isEqualTo(97);
        assertThat(catalog.published("GameStart").stock().volume()).isEqualTo(3);
        verify(invalidator).stocksChanged(Map.of("GameStart", new FrontendInvalidator.Change(null, 1)));
        // a front end that refills its cache on the invalidation must read the new quantity, not the old one
        assertThat(quantitySeenByInvalidation).hasValue(97);
    }

    @Test
    void aBatchIsAppliedInNumberOrderWithOneFsyncAndOneInvalidationPush() {
        Catalog catalog = catalog();

        long holds = catalog.applyCommitted(1, List.of(commit("GameStart", TradeType.BUY, 60),
                commit("BoarCo", TradeType.SELL, 5), commit("GameStart", TradeType.BUY, 40)));

        assertThat(holds).isEqualTo(3);
        assertThat(catalog.published("GameStart").stock().quantity()).isZero();
        assertThat(catalog.published("BoarCo").stock().quantity()).isEqualTo(105);
        verify(invalidator).stocksChanged(Map.of("GameStart", new FrontendInvalidator.Change(null, 3),
                "BoarCo", new FrontendInvalidator.Change(null, 2)));
        assertThat(meters.get("bazaar.catalog.journal.fsync").timer().count()).isEqualTo(1);
    }

    @Test
    void aStockIsLeftToTheFrontEndThatRoutedEveryOrderOnIt() {
        Catalog catalog = catalog();
        CommittedOrder fromA = commit("GameStart", TradeType.BUY, 1);
        CommittedOrder alsoFromA = commit("BoarCo", TradeType.BUY, 1);
        CommittedOrder fromB = commit("GameStart", TradeType.BUY, 1);
        CommittedOrder unknown = commit("MenhirCo", TradeType.BUY, 1);

        catalog.applyCommitted(1, List.of(routedBy(fromA, "fe-a"), routedBy(alsoFromA, "fe-a"),
                routedBy(fromB, "fe-b"), unknown));

        // each with its version after the batch: how many committed orders the catalog then held
        verify(invalidator).stocksChanged(Map.of("GameStart", new FrontendInvalidator.Change(null, 3),
                "BoarCo", new FrontendInvalidator.Change("fe-a", 2), "MenhirCo", new FrontendInvalidator.Change(null, 4)));
    }

    private static CommittedOrder routedBy(CommittedOrder order, String frontend) {
        return new CommittedOrder(order.number(), order.trade(), frontend);
    }

    @Test
    void ordersFedAgainAreAppliedOnceAndCountedAsRepeated() {
        Catalog catalog = catalog();
        for (int i = 0; i < 5; i++) {
            commit("GameStart", TradeType.BUY, 1);
        }
        catalog.applyCommitted(1, log.subList(0, 3));

        // a new leader catching the catalog up sends from where it thinks the catalog stands
        long holds = catalog.applyCommitted(2, log.subList(1, 5));

        assertThat(holds).isEqualTo(5);
        assertThat(catalog.published("GameStart").stock().quantity()).isEqualTo(95);
        assertThat(meters.get("bazaar.catalog.trades").tag("outcome", "applied").counter().count()).isEqualTo(5);
        assertThat(meters.get("bazaar.catalog.trades").tag("outcome", "repeated").counter().count()).isEqualTo(2);
    }

    @Test
    void aBatchThatStartsAfterAGapAppliesNothingAndSaysWhereTheCatalogStands() {
        Catalog catalog = catalog();
        trade(catalog, "GameStart", TradeType.BUY, 1);
        commit("GameStart", TradeType.BUY, 1);
        CommittedOrder afterTheGap = commit("GameStart", TradeType.BUY, 1);
        clearInvocations(invalidator);

        long holds = catalog.applyCommitted(1, List.of(afterTheGap));

        assertThat(holds).isEqualTo(1);
        assertThat(catalog.published("GameStart").stock().quantity()).isEqualTo(99);
        verify(invalidator, never()).stocksChanged(anyMap());
    }

    @Test
    void anOrderThatDoesNotFitIsADisagreementThatStopsTheBatchThereAndKeepsWhatCameBefore() {
        Catalog catalog = catalog();

        ApiException refused = catchThrowableOfType(ApiException.class, () -> catalog.applyCommitted(1, List.of(
                commit("BoarCo", TradeType.SELL, 1), commit("GameStart", TradeType.BUY, 101),
                commit("AAPL", TradeType.SELL, 1))));

        assertThat(refused.status()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
        assertThat(refused.getMessage()).isEqualTo("internal error");
        assertThat(catalog.published("BoarCo").stock().quantity()).isEqualTo(101);
        assertThat(catalog.published("GameStart").stock().quantity()).isEqualTo(100);
        assertThat(catalog.published("AAPL").stock().quantity()).isEqualTo(100);
        assertThat(catalog.follow(1).applied()).isEqualTo(1);
    }

    @Test
    void anOrderForAnUnknownStockIsADisagreementToo() {
        Catalog catalog = catalog();

        assertThat(catchThrowableOfType(ApiException.class,
                () -> trade(catalog, "NoSuchCo", TradeType.SELL, 1)).status())
                .isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
        assertThat(catalog.follow(1).applied()).isZero();
    }

    @Test
    void aLeaderOlderThanTheNewestOneHeardIsRefusedEvenAfterARestart() throws Exception {
        Catalog catalog = catalog();
        commit("GameStart", TradeType.BUY, 1);
        assertThat(catalog.follow(5).applied()).isZero();

        ApiException stale = catchThrowableOfType(ApiException.class, () -> catalog.applyCommitted(4, log));
        Catalog after = restarted(catalog, 50_000);
        ApiException staleAfterRestart = catchThrowableOfType(ApiException.class, () -> after.follow(4));

        assertThat(stale.status()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(stale.getMessage()).isEqualTo("stale leader: epoch 4 is older than epoch 5");
        assertThat(staleAfterRestart.status()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(after.published("GameStart").stock().quantity()).isEqualTo(100);
        assertThat(after.applyCommitted(5, log)).isEqualTo(1);
        assertThat(after.applyCommitted(6, List.of())).isEqualTo(1);
        assertThat(catchThrowableOfType(ApiException.class, () -> after.follow(5)).status())
                .isEqualTo(HttpStatus.CONFLICT);
    }

    @Test
    void followAnswersHowManyOrdersTheCatalogHoldsAndTheStocksAfterThem() {
        Catalog catalog = catalog();
        trade(catalog, "GameStart", TradeType.BUY, 7);

        Catalog.Position position = catalog.follow(1);

        assertThat(position.applied()).isEqualTo(1);
        assertThat(position.stocks()).filteredOn(stock -> stock.name().equals("GameStart"))
                .extracting(Stock::quantity).containsExactly(93L);
    }

    @Test
    void leadersFeedingOverlappingBatchesAtOnceApplyEachOrderExactlyOnce() throws Exception {
        Catalog catalog = catalog();
        int orders = 400;
        for (int i = 0; i < orders; i++) {
            commit("GameStart", i % 2 == 0 ? TradeType.SELL : TradeType.BUY, 1);
        }
        int threads = 6;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> feeders = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int stride = 7 + t;
                feeders.add(pool.submit(() -> {
                    start.await();
                    // each feeder sends overlapping windows from where the catalog says it stands, as a leader does
                    long holds = 0;
                    while (holds < orders) {
                        holds = catalog.applyCommitted(1,
                                log.subList((int) holds, (int) Math.min(orders, holds + stride)));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> feeder : feeders) {
                feeder.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        long sells = log.stream().filter(order -> order.trade().type() == TradeType.SELL).count();
        Stock expected = new Stock("GameStart", new BigDecimal("15.99"), 100 + sells - (orders - sells), orders);
        assertThat(catalog.published("GameStart").stock()).usingRecursiveComparison().withEqualsForType(
                (a, b) -> a.compareTo(b) == 0, BigDecimal.class).isEqualTo(expected);
        assertThat(meters.get("bazaar.catalog.trades").tag("outcome", "applied").counter().count())
                .isEqualTo(orders);
        assertThat(restarted(catalog, 50_000).published("GameStart").stock()).usingRecursiveComparison()
                .withEqualsForType((a, b) -> a.compareTo(b) == 0, BigDecimal.class).isEqualTo(expected);
    }

    @Test
    void restartKeepsEveryOrder() throws Exception {
        Catalog catalog = catalog();
        trade(catalog, "GameStart", TradeType.BUY, 10);
        trade(catalog, "BoarCo", TradeType.SELL, 5);
        trade(catalog, "GameStart", TradeType.SELL, 2);
        List<Stock> before = catalog.stocks();

        Catalog after = restarted(catalog, 50_000);

        assertThat(after.stocks()).isEqualTo(before);
        assertThat(after.published("GameStart").stock().quantity()).isEqualTo(92);
        assertThat(after.published("BoarCo").stock().quantity()).isEqualTo(105);
        assertThat(after.follow(1).applied()).isEqualTo(3);
    }

    @Test
    void restartFromASnapshotAndTheJournalAfterItKeepsEveryOrder() throws Exception {
        int snapshotEvery = 5;
        int orders = 23;
        Catalog catalog = catalog(snapshotEvery);
        for (int i = 1; i <= orders; i++) {
            trade(catalog, SEEDED.get(i % 3), i % 4 == 0 ? TradeType.SELL : TradeType.BUY, i);
        }
        List<Stock> before = catalog.stocks();
        catalog.close();

        assertThat(dataDir.resolve("catalog-snapshot.json")).exists();
        // the last snapshot holds the orders up to the last multiple of snapshotEvery; the journal only the rest
        assertThat(Files.readAllLines(dataDir.resolve("catalog-journal.log"))).hasSize(orders % snapshotEvery);

        Catalog after = catalog(snapshotEvery);
        assertThat(after.stocks()).isEqualTo(before);
        // the whole log fed again (a leader that does not know where the catalog stands) changes nothing
        assertThat(after.applyCommitted(1, log)).isEqualTo(orders);
        assertThat(after.stocks()).isEqualTo(before);
        assertThat(trade(after, "GameStart", TradeType.SELL, 1)).isEqualTo(orders + 1);
    }

    @Test
    void journalLinesTheSnapshotAlreadyHoldsAreSkippedOnRestart() throws Exception {
        // a crash after the snapshot's rename but before the journal was emptied leaves such lines behind
        Path journal = dataDir.resolve("catalog-journal.log");
        Catalog catalog = catalog(5);
        for (int i = 1; i <= 4; i++) {
            trade(catalog, "GameStart", TradeType.BUY, 1);
        }
        byte[] linesBeforeTheSnapshot = Files.readAllBytes(journal);
        trade(catalog, "GameStart", TradeType.BUY, 1);
        trade(catalog, "GameStart", TradeType.BUY, 1);
        catalog.close();
        byte[] linesAfterTheSnapshot = Files.readAllBytes(journal);
        Files.write(journal, linesBeforeTheSnapshot);
        Files.write(journal, linesAfterTheSnapshot, StandardOpenOption.APPEND);

        Catalog after = catalog(5);

        assertThat(after.published("GameStart").stock().quantity()).isEqualTo(94);
        assertThat(after.published("GameStart").stock().volume()).isEqualTo(6);
        assertThat(trade(after, "GameStart", TradeType.BUY, 1)).isEqualTo(7);
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
        Catalog catalog = catalog(5);
        for (int i = 1; i <= 5; i++) {
            trade(catalog, "GameStart", TradeType.BUY, 1);
        }
        catalog.close();
        Path snapshot = dataDir.resolve("catalog-snapshot.json");
        byte[] content = Files.readAllBytes(snapshot);
        Files.write(snapshot, Arrays.copyOf(content, content.length / 2));

        assertThatThrownBy(() -> catalog(5)).isInstanceOf(IllegalStateException.class)
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
