package org.stockbazaar.catalog.stock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.stockbazaar.catalog.CatalogProperties;
import org.stockbazaar.catalog.invalidation.FrontendInvalidator;
import org.stockbazaar.catalog.store.CatalogSnapshot;
import org.stockbazaar.catalog.store.SeedFile;
import org.stockbazaar.catalog.store.TradeJournal;
import org.stockbazaar.support.ApiException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Applies trades durably and serves lookups. A trade is decided and journaled under one lock (so concurrent trades
 * on a stock never lose an update), made durable by a group-committed fsync outside it, and only then published to
 * lookups and pushed to the front ends as an invalidation: a lookup never sees a trade that a crash could still undo,
 * and a trade is acknowledged only after its invalidation went out.
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

    public Catalog(CatalogProperties properties, JsonMapper json, FrontendInvalidator invalidator) {
        this.properties = properties;
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
        this.journal = new TradeJournal(journalFile, json);
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
        String id = requestId == null ? UUID.randomUUID().toString() : requestId;
        StockBook.Decision decision;
        synchronized (this) {
            decision = book.decide(name, type, units, id);
            if (!decision.duplicate()) {
                book.apply(decision.entry());
                journal.append(decision.entry());
                snapshotIfDue();
            }
        }
        TradeEntry entry = decision.entry();
        // durable before anyone sees it: an acknowledged trade survives kill -9
        journal.syncThrough(entry.seq());
        Stock after = publish(entry);
        invalidator.stockChanged(name);
        return new TradeResult(entry, after, decision.duplicate());
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
