package org.stockbazaar.catalog.stock;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.stockbazaar.catalog.CatalogProperties;
import org.stockbazaar.catalog.invalidation.FrontendInvalidator;
import org.stockbazaar.catalog.store.CatalogSnapshot;
import org.stockbazaar.catalog.store.SeedFile;
import org.stockbazaar.catalog.store.TradeJournal;
import org.stockbazaar.support.ApiException;
import org.stockbazaar.support.ItemResult;
import org.stockbazaar.support.TradeLog;
import tools.jackson.databind.json.JsonMapper;

/**
 * Applies trades durably and serves lookups. A trade (or a batch of them) is decided and journaled under one lock
 * (so concurrent trades on a stock never lose an update), made durable by a group-committed fsync outside it, and
 * only then published to lookups and pushed to the front ends as an invalidation: a lookup never sees a trade that
 * a crash could still undo, and a trade is acknowledged only after its invalidation went out.
 */
@Service
public class Catalog implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Catalog.class);

    private final CatalogProperties properties;
    private final JsonMapper json;
    private final FrontendInvalidator invalidator;
    private final StockBook book;
    private final TradeJournal journal;
    private final Path snapshotFile;
    /** What lookups see: each stock as of its latest durable trade. */
    private final Map<String, Published> published = new ConcurrentHashMap<>();
    private long snapshotSeq;
    /** Trades decided, by outcome: applied, a request id seen before (answered again, nothing applied), refused. */
    private final Counter applied;
    private final Counter duplicates;
    private final Counter refused;

    private static Counter trades(MeterRegistry meters, String outcome) {
        return Counter.builder("bazaar.catalog.trades").baseUnit("trades").tag("outcome", outcome)
                .description("trades the catalog decided, by outcome").register(meters);
    }

    public Catalog(CatalogProperties properties, JsonMapper json, FrontendInvalidator invalidator,
            MeterRegistry meters) {
        this.properties = properties;
        this.applied = trades(meters, "applied");
        this.duplicates = trades(meters, "duplicate");
        this.refused = trades(meters, "refused");
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
        CatalogSnapshot snapshot = CatalogSnapshot.read(snapshotFile, json).orElseGet(
                () -> new CatalogSnapshot(0, SeedFile.read(properties.seedFile()), List.of()));
        this.book = new StockBook(snapshot.stocks(), snapshot.seq(), snapshot.recentTrades(),
                properties.rememberedRequests());
        this.snapshotSeq = snapshot.seq();
        Path journalFile = properties.dataDir().resolve("catalog-journal.log");
        this.journal = new TradeJournal(journalFile, json, nanos -> fsyncTime.record(nanos, TimeUnit.NANOSECONDS));
        int replayed = 0;
        for (TradeEntry entry : journal.open()) {
            if (entry.seq() > book.lastSeq()) {
                try {
                    book.apply(entry);
                } catch (IllegalStateException e) {
                    throw new IllegalStateException("catalog journal " + journalFile + ": " + e.getMessage()
                            + ": refusing to start rather than serve wrong quantities", e);
                }
                replayed++;
            }
        }
        book.stocks().forEach(stock -> published.put(stock.name(), new Published(stock, book.lastSeq())));
        log.info("Catalog ready with {} stocks from {}: snapshot at trade {}, {} trades replayed from the journal",
                book.stocks().size(), properties.dataDir(), snapshot.seq(), replayed);
    }

    public Stock lookup(String name) {
        Published current = published.get(name);
        if (current == null) {
            throw ApiException.notFound("stock not found");
        }
        return current.stock();
    }

    public List<Stock> stocks() {
        return published.values().stream().map(Published::stock).sorted((a, b) -> a.name().compareTo(b.name()))
                .toList();
    }

    /** Applies a trade once per request id and returns its entry (the first one, for a retried request id). */
    public TradeResult trade(String name, TradeType type, long units, String requestId) {
        ItemResult<TradeResult> result = tradeAll(List.of(new TradeOrder(name, type, units, requestId))).get(0);
        if (result.failed()) {
            throw result.toException();
        }
        return result.data();
    }

    /**
     * Applies a batch of trades in order, each once per request id and each on its own (a refused trade does not
     * affect the others), with one fsync and one invalidation push for the whole batch. Returns one result per
     * trade, in order: its entry, or why it was refused (unknown stock 404, not enough stock 409, a request id
     * already used for another trade 409).
     */
    public List<ItemResult<TradeResult>> tradeAll(List<TradeOrder> orders) {
        // per trade: its decision, or (decision null) why it was refused
        List<StockBook.Decision> decisions = new ArrayList<>(orders.size());
        List<ApiException> refusals = new ArrayList<>(orders.size());
        synchronized (this) {
            for (TradeOrder order : orders) {
                String id = order.requestId() == null ? UUID.randomUUID().toString() : order.requestId();
                try {
                    StockBook.Decision decision = book.decide(order.name(), order.type(), order.units(), id);
                    if (!decision.duplicate()) {
                        book.apply(decision.entry());
                        journal.append(decision.entry());
                    }
                    decisions.add(decision);
                    refusals.add(null);
                    (decision.duplicate() ? duplicates : applied).increment();
                } catch (ApiException refusal) {
                    decisions.add(null);
                    refusals.add(refusal);
                    refused.increment();
                }
            }
            snapshotIfDue();
        }
        // durable before anyone sees it: an acknowledged trade survives kill -9 (a duplicate's first entry too)
        long durableThrough = decisions.stream().filter(Objects::nonNull).mapToLong(d -> d.entry().seq()).max()
                .orElse(0);
        journal.syncThrough(durableThrough);
        List<ItemResult<TradeResult>> results = new ArrayList<>(orders.size());
        Set<String> changed = new LinkedHashSet<>();
        for (int i = 0; i < orders.size(); i++) {
            StockBook.Decision decision = decisions.get(i);
            if (decision == null) {
                results.add(ItemResult.ofError(refusals.get(i)));
                continue;
            }
            changed.add(decision.entry().name());
            results.add(ItemResult.of(new TradeResult(decision.entry(), publish(decision.entry()),
                    decision.duplicate())));
        }
        if (!changed.isEmpty()) {
            invalidator.stocksChanged(changed);
        }
        if (TradeLog.LOG.isDebugEnabled()) {
            // durableThrough, not book.lastSeq(): the book belongs to the lock, and later batches may have moved it
            TradeLog.LOG.debug("Applied {} of {} trades (a repeated request id counts once), durable through catalog "
                    + "entry {}; front ends told of {}", decisions.stream().filter(Objects::nonNull).count(),
                    orders.size(), durableThrough, changed);
        }
        return results;
    }

    private Stock publish(TradeEntry entry) {
        Stock before = published.get(entry.name()).stock();
        Published mine = new Published(
                new Stock(entry.name(), before.price(), entry.quantityAfter(), entry.volumeAfter()), entry.seq());
        return published.merge(entry.name(), mine, (old, now) -> old.seq() >= now.seq() ? old : now).stock();
    }

    private void snapshotIfDue() {
        if (book.lastSeq() - snapshotSeq < properties.snapshotEvery()) {
            return;
        }
        new CatalogSnapshot(book.lastSeq(), book.stocks(), book.recentTrades()).writeAtomically(snapshotFile, json);
        journal.truncateAfterSnapshot(book.lastSeq());
        snapshotSeq = book.lastSeq();
        log.info("Catalog snapshot written at trade {}", snapshotSeq);
    }

    @Override
    public void close() throws Exception {
        journal.close();
    }

    private record Published(Stock stock, long seq) {
    }

    /** @param duplicate true when this request id had already traded and nothing new was applied */
    public record TradeResult(TradeEntry entry, Stock stock, boolean duplicate) {
    }
}
