package org.stockbazaar.catalog.stock;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.stockbazaar.catalog.CatalogProperties;
import org.stockbazaar.catalog.invalidation.FrontendInvalidator;
import org.stockbazaar.support.ApiException;
import org.stockbazaar.support.TradeLog;
import org.stockbazaar.support.trade.CommittedOrder;
import tools.jackson.databind.json.JsonMapper;

/**
 * The stocks as the committed order log leaves them, and the lookups on them. The order leader decides every trade
 * and feeds the catalog its committed orders in transaction-number order ({@link #applyCommitted}); the catalog
 * applies each exactly once (the number says which it already holds), journals it under one lock, makes it durable
 * with a group-committed fsync outside it, and only then publishes it to lookups and pushes an invalidation to the
 * front ends. So at every quiescent point a stock's quantity is its initial quantity minus the committed buys plus
 * the committed sells (docs/replication.md, "The catalog follows the log"). A leader older than the newest one the
 * catalog has heard from is refused, durably ({@link LeaderEpoch}).
 */
@Service
class Catalog implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Catalog.class);

    private final CatalogProperties properties;
    private final JsonMapper json;
    private final FrontendInvalidator invalidator;
    private final StockBook book;
    private final TradeJournal journal;
    private final LeaderEpoch leaderEpoch;
    private final Path snapshotFile;
    /** What lookups see: each stock as of its latest durable order. */
    private final Map<String, Published> published = new ConcurrentHashMap<>();
    private long snapshotSeq;
    /** Committed orders fed to the catalog: applied now, or held already (fed again by a leader catching up). */
    private final Counter applied;
    private final Counter repeated;

    private static Counter orders(MeterRegistry meters, String outcome) {
        return Counter.builder("bazaar.catalog.trades").baseUnit("trades").tag("outcome", outcome)
                .description("committed orders the catalog was fed, by outcome").register(meters);
    }

    Catalog(CatalogProperties properties, JsonMapper json, FrontendInvalidator invalidator,
            MeterRegistry meters) {
        this.properties = properties;
        this.applied = orders(meters, "applied");
        this.repeated = orders(meters, "repeated");
        Timer fsyncTime = Timer.builder("bazaar.catalog.journal.fsync")
                .description("one fsync of the catalog's trade journal (a group commit)").register(meters);
        this.json = json;
        this.invalidator = invalidator;
        try {
            Files.createDirectories(properties.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create catalog data folder " + properties.dataDir(), e);
        }
        this.snapshotFile = properties.dataDir().resolve("catalog-snapshot.json");
        this.leaderEpoch = new LeaderEpoch(properties.dataDir().resolve("catalog-leader-epoch"));
        CatalogSnapshot snapshot = CatalogSnapshot.read(snapshotFile, json).orElseGet(
                () -> new CatalogSnapshot(0, SeedFile.read(properties.seedFile())));
        this.book = new StockBook(snapshot.stocks(), snapshot.seq());
        this.snapshotSeq = snapshot.seq();
        Path journalFile = properties.dataDir().resolve("catalog-journal.log");
        this.journal = new TradeJournal(journalFile, json, nanos -> fsyncTime.record(nanos, TimeUnit.NANOSECONDS));
        int replayed = 0;
        for (TradeEntry entry : journal.open()) {
            if (entry.seq() > book.applied()) {
                try {
                    book.apply(entry);
                } catch (IllegalStateException e) {
                    throw new IllegalStateException("catalog journal " + journalFile + ": " + e.getMessage()
                            + ": refusing to start rather than serve wrong quantities", e);
                }
                replayed++;
            }
        }
        book.stocks().forEach(stock -> published.put(stock.name(), new Published(stock, book.applied())));
        log.info("Catalog ready with {} stocks from {}: snapshot at order {}, {} orders replayed from the journal; "
                + "{} committed orders applied, following leader epoch {}", book.stocks().size(),
                properties.dataDir(), snapshot.seq(), replayed, book.applied(), leaderEpoch.current());
    }

    /** The stock as lookups see it, with its version: how many committed orders were applied at its last change. */
    Published published(String name) {
        Published current = published.get(name);
        if (current == null) {
            throw ApiException.notFound("stock not found");
        }
        return current;
    }

    List<Stock> stocks() {
        return published.values().stream().map(Published::stock).sorted((a, b) -> a.name().compareTo(b.name()))
                .toList();
    }

    /**
     * A leader of {@code epoch} starts feeding the catalog: from now on no older leader is heard (recorded durably
     * first). Answers where the leader's own view of the stocks starts: how many committed orders the catalog
     * holds, and the stocks after them (the leader adds the orders of its log from there on).
     */
    synchronized Position follow(long epoch) {
        fence(epoch);
        return new Position(book.applied(), book.stocks());
    }

    /**
     * Applies the committed orders the catalog does not hold yet, in number order, with one fsync and one
     * invalidation push for the whole batch (none to the front end that routed them, which drops their stocks
     * itself); orders it holds already are skipped, and a batch that starts after a gap applies nothing (the leader
     * sends again from the answer). Answers how many committed orders the catalog holds, all of them durable.
     */
    long applyCommitted(long epoch, List<CommittedOrder> orders) {
        List<TradeEntry> entries = new ArrayList<>(orders.size());
        // the front end that routed each applied entry, if the leader said
        List<String> routers = new ArrayList<>(orders.size());
        long holds;
        IllegalStateException disagreement = null;
        synchronized (this) {
            fence(epoch);
            for (CommittedOrder order : orders) {
                if (order.number() < book.applied()) {
                    repeated.increment();
                    continue;
                }
                if (order.number() > book.applied()) {
                    break;
                }
                TradeEntry entry;
                try {
                    entry = book.entryFor(order);
                } catch (IllegalStateException e) {
                    // the leader decided it by the same rule on the same history: the two have diverged
                    disagreement = e;
                    break;
                }
                book.apply(entry);
                journal.append(entry);
                entries.add(entry);
                routers.add(order.routedBy());
                applied.increment();
            }
            snapshotIfDue();
            holds = book.applied();
        }
        // durable before anyone sees it, and before the leader hears the catalog holds it (lines a concurrent
        // caller wrote before ours are covered by the same fsync)
        journal.syncThrough(holds);
        // each changed stock, with the front end that drops it itself if one routed every order on it here
        Map<String, FrontendInvalidator.Change> changed = new LinkedHashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            TradeEntry entry = entries.get(i);
            publish(entry);
            FrontendInvalidator.add(changed, entry.name(), routers.get(i), entry.seq());
        }
        if (!changed.isEmpty()) {
            invalidator.stocksChanged(changed);
        }
        if (TradeLog.LOG.isDebugEnabled() && !entries.isEmpty()) {
            TradeLog.LOG.debug("Applied committed orders {} to {} (leader epoch {}), durable; front ends told of {}",
                    entries.get(0).seq() - 1, entries.get(entries.size() - 1).seq() - 1, epoch, changed.keySet());
        }
        if (disagreement != null) {
            log.error("The order log and the catalog disagree ({}): refusing it and every order after it from "
                    + "leader epoch {}", disagreement.getMessage(), epoch);
            throw new ApiException(HttpStatus.INTERNAL_SERVER_ERROR, "internal error");
        }
        return holds;
    }

    private void fence(long epoch) {
        if (epoch < leaderEpoch.current()) {
            throw new ApiException(HttpStatus.CONFLICT, "stale leader: epoch " + epoch
                    + " is older than epoch " + leaderEpoch.current());
        }
        leaderEpoch.advanceTo(epoch);
    }

    private void publish(TradeEntry entry) {
        Stock before = published.get(entry.name()).stock();
        Published mine = new Published(
                new Stock(entry.name(), before.price(), entry.quantityAfter(), entry.volumeAfter()), entry.seq());
        published.merge(entry.name(), mine, (old, now) -> old.seq() >= now.seq() ? old : now);
    }

    private void snapshotIfDue() {
        if (book.applied() - snapshotSeq < properties.snapshotEvery()) {
            return;
        }
        new CatalogSnapshot(book.applied(), book.stocks()).writeAtomically(snapshotFile, json);
        journal.truncateAfterSnapshot(book.applied());
        snapshotSeq = book.applied();
        log.info("Catalog snapshot written at trade {}", snapshotSeq);
    }

    @Override
    public void close() throws Exception {
        journal.close();
    }

    /** @param seq the stock's version: how many committed orders the catalog had applied when it last changed */
    record Published(Stock stock, long seq) {
    }

    /** @param applied how many committed orders the catalog holds; {@code stocks} as they leave them */
    record Position(long applied, List<Stock> stocks) {
    }
}
