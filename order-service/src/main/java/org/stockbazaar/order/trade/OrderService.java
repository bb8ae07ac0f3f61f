package org.stockbazaar.order.trade;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.stockbazaar.order.replication.LogEntry;
import org.stockbazaar.order.replication.NoMajorityException;
import org.stockbazaar.order.replication.NotLeaderException;
import org.stockbazaar.order.replication.Replica;
import org.stockbazaar.support.ApiException;
import org.stockbazaar.support.ItemResult;
import org.stockbazaar.support.TradeLog;
import org.stockbazaar.support.trade.Trade;
import org.stockbazaar.support.trade.TradeReply;

/**
 * Trades at the leader, a batch at a time, in the order docs/replication.md justifies: a request id already in the
 * log gets its number back; the others are decided against the leader's view of the stocks (refusals end there,
 * with no number) and appended in the same step, answered once a majority holds them and the catalog has been fed
 * them.
 */
@Service
class OrderService {

    private final Replica replica;
    private final CatalogFeed feed;
    /** Trades with the same request id run one after the other, so a retry racing its original takes no number. */
    private final ReentrantLock[] requestLocks = new ReentrantLock[256];

    /** The two stages of a batch at the leader, one after the other: a majority logs it, then the catalog is fed it. */
    private final Timer catalogTime;
    private final Timer commitTime;

    OrderService(Replica replica, CatalogFeed feed, MeterRegistry meters) {
        this.replica = replica;
        this.feed = feed;
        this.catalogTime = Timer.builder("bazaar.leader.catalog")
                .description("a batch's committed orders fed to the catalog, as the leader waits for it")
                .register(meters);
        this.commitTime = Timer.builder("bazaar.leader.commit")
                .description("a batch of trades decided, logged and confirmed by a majority").register(meters);
        for (int i = 0; i < requestLocks.length; i++) {
            requestLocks[i] = new ReentrantLock();
        }
    }

    /**
     * One result per order, in order: its transaction number, or why it was refused. {@code frontend}: the cache id
     * of the front end that sent them and waits for the answers, or null ({@link CatalogFeed#routing}).
     */
    List<ItemResult<TradeReply>> tradeAll(List<Trade> orders, String frontend) {
        // every stripe the batch needs, taken in ascending order: two batches sharing stripes never deadlock
        Set<Integer> stripes = new TreeSet<>();
        orders.forEach(order -> stripes.add(stripe(order.requestId())));
        List<ReentrantLock> held = new ArrayList<>(stripes.size());
        try {
            for (int stripe : stripes) {
                requestLocks[stripe].lock();
                held.add(requestLocks[stripe]);
            }
            List<ItemResult<TradeReply>> results = new ArrayList<>(orders.size());
            orders.forEach(order -> results.add(null));
            List<Integer> remaining = new ArrayList<>(orders.size());
            for (int i = 0; i < orders.size(); i++) {
                remaining.add(i);
            }
            // a request id twice in one batch: the second is handled after the first, as if it came later
            while (!remaining.isEmpty()) {
                Set<String> seen = new HashSet<>();
                List<Integer> round = new ArrayList<>();
                List<Integer> later = new ArrayList<>();
                for (int i : remaining) {
                    (seen.add(orders.get(i).requestId()) ? round : later).add(i);
                }
                tradeRound(orders, round, results, frontend);
                remaining = later;
            }
            return results;
        } catch (NotLeaderException e) {
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        } finally {
            held.forEach(ReentrantLock::unlock);
        }
    }

    /** Orders with distinct request ids: those already logged, then the rest decided, logged and fed. */
    private void tradeRound(List<Trade> orders, List<Integer> round, List<ItemResult<TradeReply>> results,
            String frontend) {
        List<Integer> fresh = new ArrayList<>(round.size());
        for (int i : round) {
            Trade order = orders.get(i);
            Optional<LogEntry> logged = replica.committedEntryOf(order.requestId());
            if (logged.isPresent()) {
                // a retry of a trade an earlier leader committed: the catalog may not hold it yet
                feed.feedForAnswer(replica.leaderEpoch(), logged.get().number());
                // a request id names one order: reusing it for another trade is the client's mistake, not a retry
                results.set(i, order.sameOrderAs(logged.get().trade()) ? number(logged.get())
                        : ItemResult.ofError(new ApiException(HttpStatus.CONFLICT,
                                "request id already used for a different order")));
            } else {
                fresh.add(i);
            }
        }
        if (fresh.isEmpty()) {
            return;
        }
        long epoch = replica.leaderEpoch();
        Ledger ledger;
        try {
            ledger = feed.ledgerForTrades(epoch);
        } catch (ApiException catalogUnavailable) {
            // each trade's own answer, at once: nothing was done, and another leader could not do better
            fresh.forEach(i -> results.set(i, ItemResult.ofError(catalogUnavailable)));
            return;
        }
        List<Trade> candidates = fresh.stream().map(orders::get).toList();
        // from before they can be committed (the feed's own thread may feed them first) until they are answered
        feed.routing(candidates, frontend);
        try {
            decideLogAndFeed(epoch, ledger, orders, fresh, candidates, results);
        } finally {
            feed.answered(candidates);
        }
    }

    /** The fresh orders of a round decided against the ledger, logged, committed and fed, in order. */
    private void decideLogAndFeed(long epoch, Ledger ledger, List<Trade> orders, List<Integer> fresh,
            List<Trade> candidates, List<ItemResult<TradeReply>> results) {
        // decided against the ledger under the replica lock, in order, just before each is appended
        Map<String, ApiException> refused = new HashMap<>();
        List<LogEntry> entries;
        try {
            entries = commitTime.record(() -> replica.appendAndCommit(epoch, candidates, order -> {
                ApiException refusal = ledger.refusal(order);
                if (refusal != null) {
                    refused.put(order.requestId(), refusal);
                }
                return refusal == null;
            }));
        } catch (NotLeaderException | NoMajorityException | ApiException e) {
            throw e;
        } catch (RuntimeException e) {
            // the log may lack orders the ledger counted: the next trade builds it again from the log
            ledger.poison();
            throw e;
        }
        // every order of this round has a distinct request id: a refusal or the next entry, in order
        int next = 0;
        for (int i : fresh) {
            ApiException refusal = refused.get(orders.get(i).requestId());
            results.set(i, refusal != null ? ItemResult.ofError(refusal) : number(entries.get(next++)));
        }
        if (entries.isEmpty()) {
            return;
        }
        LogEntry last = entries.get(entries.size() - 1);
        // answered once the catalog holds them too (a lookup after the answer sees the trade); if it cannot be
        // reached they are still committed, and the feed brings them to the catalog when it can
        catalogTime.record(() -> feed.feedForAnswer(epoch, last.number()));
        TradeLog.LOG.debug("Decided, logged and committed as transactions {} to {}; {} refused",
                entries.get(0).number(), last.number(), fresh.size() - entries.size());
    }

    private int stripe(String requestId) {
        return Math.floorMod(requestId.hashCode(), requestLocks.length);
    }

    private static ItemResult<TradeReply> number(LogEntry entry) {
        return ItemResult.of(new TradeReply(entry.number()));
    }

    /** The committed orders numbered {@code first} to {@code first + max - 1} ({@link Replica#committedEntries}). */
    List<LogEntry> orders(long first, int max) {
        return asLeader(() -> replica.committedEntries(first, max));
    }

    LogEntry order(long number) {
        return asLeader(() -> replica.committedEntry(number))
                .orElseThrow(() -> ApiException.notFound("order not found"));
    }

    /** What a read that only the leader may answer gives; 503 with the replica's reason if this one does not lead. */
    private static <T> T asLeader(Supplier<T> read) {
        try {
            return read.get();
        } catch (NotLeaderException e) {
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        }
    }
}
