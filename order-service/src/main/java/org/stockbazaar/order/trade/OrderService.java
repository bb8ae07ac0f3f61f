package org.stockbazaar.order.trade;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.client.RestClientException;
import org.stockbazaar.order.cluster.Replica;
import org.stockbazaar.order.replication.LogEntry;
import org.stockbazaar.order.replication.NewOrder;
import org.stockbazaar.order.replication.NotLeaderException;
import org.stockbazaar.support.ApiException;
import org.stockbazaar.support.ItemResult;
import org.stockbazaar.support.TradeLog;
import tools.jackson.databind.JsonNode;

/**
 * Trades at the leader, a batch at a time, in the order docs/replication.md justifies: a request id already in the
 * log gets its number back; the others go to the catalog together (refusals end there, with no number), then the
 * applied ones are logged together and answered once a majority holds them.
 */
@Service
class OrderService {

    private final Replica replica;
    private final CatalogClient catalog;
    /** Trades with the same request id run one after the other, so a retry racing its original takes no number. */
    private final ReentrantLock[] requestLocks = new ReentrantLock[256];

    /** The two stages of a batch at the leader, one after the other: the catalog applies it, then a majority logs it. */
    private final Timer catalogTime;
    private final Timer commitTime;

    OrderService(Replica replica, CatalogClient catalog, MeterRegistry meters) {
        this.replica = replica;
        this.catalog = catalog;
        this.catalogTime = Timer.builder("bazaar.leader.catalog")
                .description("a batch of trades applied at the catalog, as the leader waits for it").register(meters);
        this.commitTime = Timer.builder("bazaar.leader.commit")
                .description("a batch of applied trades logged and confirmed by a majority").register(meters);
        for (int i = 0; i < requestLocks.length; i++) {
            requestLocks[i] = new ReentrantLock();
        }
    }

    /** One result per order, in order: its transaction number, or why it was refused. */
    List<ItemResult<Map<String, Long>>> tradeAll(List<NewOrder> orders) {
        // every stripe the batch needs, taken in ascending order: two batches sharing stripes never deadlock
        Set<Integer> stripes = new TreeSet<>();
        orders.forEach(order -> stripes.add(stripe(order.requestId())));
        List<ReentrantLock> held = new ArrayList<>(stripes.size());
        try {
            for (int stripe : stripes) {
                requestLocks[stripe].lock();
                held.add(requestLocks[stripe]);
            }
            List<ItemResult<Map<String, Long>>> results = new ArrayList<>(orders.size());
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
                tradeRound(orders, round, results);
                remaining = later;
            }
            return results;
        } catch (NotLeaderException e) {
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        } finally {
            held.forEach(ReentrantLock::unlock);
        }
    }

    /** Orders with distinct request ids: those already logged, then the rest through the catalog into the log. */
    private void tradeRound(List<NewOrder> orders, List<Integer> round, List<ItemResult<Map<String, Long>>> results) {
        List<Integer> fresh = new ArrayList<>(round.size());
        for (int i : round) {
            NewOrder order = orders.get(i);
            Optional<LogEntry> logged = replica.committedEntryOf(order.requestId());
            if (logged.isPresent()) {
                results.set(i, sameOrder(order, logged.get()) ? number(logged.get())
                        : ItemResult.ofError(new ApiException(HttpStatus.CONFLICT,
                                "request id already used for a different order")));
            } else {
                fresh.add(i);
            }
        }
        if (fresh.isEmpty()) {
            return;
        }
        List<ItemResult<JsonNode>> applied;
        try {
            applied = catalogTime.record(() -> catalog.tradeAll(fresh.stream().map(orders::get).toList()));
        } catch (RestClientException e) {
            throw CatalogClient.unavailable();
        }
        List<Integer> toLog = new ArrayList<>(fresh.size());
        for (int k = 0; k < fresh.size(); k++) {
            if (applied.get(k).failed()) {
                // refused by the catalog (unknown stock, not enough stock): no number, nothing logged
                results.set(fresh.get(k), ItemResult.ofError(applied.get(k).toException()));
            } else {
                toLog.add(fresh.get(k));
            }
        }
        if (toLog.isEmpty()) {
            return;
        }
        // a retry of these request ids cannot have been logged meanwhile: this batch holds their locks
        List<NewOrder> accepted = toLog.stream().map(orders::get).toList();
        List<LogEntry> entries = commitTime.record(() -> replica.appendAndCommit(accepted));
        for (int k = 0; k < toLog.size(); k++) {
            results.set(toLog.get(k), number(entries.get(k)));
        }
        TradeLog.LOG.debug("Applied at the catalog and committed as transactions {} to {}; {} refused",
                entries.get(0).number(), entries.get(entries.size() - 1).number(), fresh.size() - toLog.size());
    }

    private int stripe(String requestId) {
        return Math.floorMod(requestId.hashCode(), requestLocks.length);
    }

    private static ItemResult<Map<String, Long>> number(LogEntry entry) {
        return ItemResult.of(Map.of("transaction_number", entry.number()));
    }

    /** A request id names one order: reusing it for another trade is the client's mistake, not a retry. */
    private static boolean sameOrder(NewOrder order, LogEntry logged) {
        return logged.name().equals(order.name()) && logged.type().equals(order.type())
                && logged.quantity() == order.quantity();
    }

    LogEntry order(long number) {
        try {
            return replica.committedEntry(number).orElseThrow(() -> ApiException.notFound("order not found"));
        } catch (NotLeaderException e) {
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        }
    }
}
