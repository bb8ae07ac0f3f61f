package org.stockbazaar.order.trade;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClientException;
import org.stockbazaar.order.replication.LogEntry;
import org.stockbazaar.order.replication.Messages.Role;
import org.stockbazaar.order.replication.Messages.Status;
import org.stockbazaar.order.replication.NotLeaderException;
import org.stockbazaar.order.replication.Replica;
import org.stockbazaar.support.ApiException;
import org.stockbazaar.support.trade.CommittedOrder;
import org.stockbazaar.support.trade.Trade;

/**
 * The leader's link to the catalog: its view of the stocks ({@link Ledger}) for the epoch it leads, and the feed
 * that brings the catalog up to the log's commit index. A trade waits for the feed to cover its order before it is
 * answered (so a lookup after the answer sees it); a thread of its own keeps feeding while this replica leads, so
 * what an earlier leader committed but never fed, or what a call that failed left out, reaches the catalog without
 * any client's help.
 *
 * <p>While the catalog cannot be reached, orders already in the log still commit and are answered with their
 * numbers (they happened; the catalog gets them when it is back), and new trades are refused with 503 until the
 * feed gets through again: the catalog never falls far behind the log.
 */
@Component
class CatalogFeed implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CatalogFeed.class);
    /** Orders per call to the catalog (its limit is 1,000). */
    private static final int FEED_BATCH = 1_000;
    private static final long PERIOD_MILLIS = 50;

    private final Replica replica;
    private final CatalogClient catalog;
    private final Object feedLock = new Object();
    /** The view of the stocks for the epoch it names; replaced only under feedLock. */
    private volatile Ledger ledger;
    /** How many committed orders the catalog holds, as it last said; -1 before this replica first asked. */
    private volatile long catalogHolds = -1;
    /** False after a call to the catalog failed, until one gets through. */
    private volatile boolean inTouch = true;
    private volatile boolean running;
    /**
     * Counted down by {@link #stop}, which wakes the loop from its pause this way rather than by interrupting it: an
     * interrupt during a call in frames closes that call's connection (a {@code SocketChannel} is interruptible), the
     * call fails, and new trades would be refused with 503 while the web server drains its last requests.
     */
    private volatile CountDownLatch stopping;
    /**
     * The front end that sent each trade being decided, logged and fed here, by request id, until it is answered: the
     * catalog need not push that front end the trade's eviction first ({@link #routing}).
     */
    private final Map<String, String> routedBy = new ConcurrentHashMap<>();

    CatalogFeed(Replica replica, CatalogClient catalog) {
        this.replica = replica;
        this.catalog = catalog;
    }

    /**
     * The view of the stocks to decide new trades by, while this replica leads {@code epoch}; 503 while the
     * catalog cannot be reached.
     */
    Ledger ledgerForTrades(long epoch) {
        Ledger current = ledger;
        if (!serves(current, epoch)) {
            current = build(epoch);
        }
        if (!inTouch) {
            throw CatalogClient.unavailable();
        }
        return current;
    }

    /** True if {@code ledger} is this epoch's and still matches the log. */
    private static boolean serves(Ledger ledger, long epoch) {
        return ledger != null && ledger.epoch() == epoch && !ledger.poisoned();
    }

    private Ledger build(long epoch) {
        synchronized (feedLock) {
            Ledger current = ledger;
            if (serves(current, epoch)) {
                return current;
            }
            CatalogClient.Position position;
            try {
                // from here on the catalog refuses every older leader, so only this one moves it
                position = catalog.follow(epoch);
            } catch (RestClientException | ApiException | IllegalStateException e) {
                lostTouch("Cannot reach the catalog to lead epoch " + epoch, e);
                throw CatalogClient.unavailable();
            }
            Ledger built = new Ledger(epoch, position.quantities());
            // every order after the catalog's position is in this leader's log: the catalog holds committed
            // orders only, and a leader's log holds every committed order
            try {
                replica.visitFrom(epoch, position.applied(), built::replay);
            } catch (IllegalStateException e) {
                log.error("The catalog and this leader's log disagree ({}): no trades until an operator looks",
                        e.getMessage());
                throw e;
            }
            catalogHolds = position.applied();
            inTouch = true;
            ledger = built;
            log.info("Leading epoch {}: the catalog holds {} committed orders", epoch, position.applied());
            return built;
        }
    }

    /**
     * Notes that {@code frontend} (a cache id, or null) sent {@code trades} and waits for their answers: it drops
     * their stocks from its cache itself once answered, so the catalog need not push it those evictions first
     * (docs/cache.md, "The front end that routed a trade"). Until {@link #answered}; an order fed after that is
     * pushed to every front end, as one whose front end is not known.
     */
    void routing(List<Trade> trades, String frontend) {
        if (frontend != null) {
            trades.forEach(trade -> routedBy.put(trade.requestId(), frontend));
        }
    }

    /** The trades {@link #routing} noted have been answered (or failed). */
    void answered(List<Trade> trades) {
        trades.forEach(trade -> routedBy.remove(trade.requestId()));
    }

    private String routedBy(LogEntry entry) {
        String requestId = entry.trade().requestId();
        return requestId == null ? null : routedBy.get(requestId);
    }

    /**
     * For a trade about to be answered: brings the catalog up to committed order {@code number} (and everything
     * committed before it). While the catalog is out of touch it does not try (each try could take a read timeout,
     * one trade after another); the feed's own loop does. False if the catalog does not hold the order yet.
     */
    boolean feedForAnswer(long epoch, long number) {
        return catalogHolds > number || inTouch && feedThrough(epoch, number, true);
    }

    /**
     * Brings the catalog up to committed order {@code number} at least (and everything committed before it);
     * false if it could not (the catalog is unreachable or refused, or this replica stopped leading the epoch).
     */
    private boolean feedThrough(long epoch, long number, boolean onlyInTouch) {
        if (catalogHolds > number) {
            return true;
        }
        synchronized (feedLock) {
            if (onlyInTouch && !inTouch) {
                // the call before ours failed while we waited for it
                return catalogHolds > number;
            }
            try {
                if (catalogHolds < 0) {
                    build(epoch);
                }
                while (catalogHolds <= number) {
                    List<LogEntry> batch = replica.committedEntries(epoch, catalogHolds, FEED_BATCH);
                    if (batch.isEmpty()) {
                        return false;
                    }
                    List<CommittedOrder> orders = batch.stream()
                            .map(entry -> new CommittedOrder(entry.number(), entry.trade(), routedBy(entry))).toList();
                    long holds = catalog.applyCommitted(epoch, orders);
                    inTouch = true;
                    if (holds == catalogHolds) {
                        return false;
                    }
                    // lower than before only if the catalog lost orders: the next round sends them again
                    catalogHolds = holds;
                }
                return true;
            } catch (NotLeaderException e) {
                return false;
            } catch (RestClientException | ApiException | IllegalStateException e) {
                lostTouch("Cannot feed the catalog committed orders from " + catalogHolds + " on", e);
                return false;
            }
        }
    }

    /** Asks an out-of-touch catalog where it stands (it may have restarted, or lost what it held). */
    private void reconnect(long epoch) {
        synchronized (feedLock) {
            if (inTouch) {
                return;
            }
            try {
                catalogHolds = catalog.follow(epoch).applied();
            } catch (RestClientException | ApiException | IllegalStateException e) {
                log.debug("The catalog still does not answer: {}", e.toString());
                return;
            }
            inTouch = true;
            log.info("The catalog answers again and holds {} committed orders; trades go ahead", catalogHolds);
        }
    }

    /** Logged once when the catalog stops answering, not on every retry. */
    private void lostTouch(String what, RuntimeException cause) {
        if (inTouch) {
            log.warn("{} ({}): new trades are refused until it answers again", what, cause.toString());
        }
        inTouch = false;
    }

    /** What an earlier leader or a failed call left unfed, fed while this replica leads. */
    private void feedLoop() {
        while (running) {
            try {
                Status status = replica.status();
                if (status.role() == Role.LEADER) {
                    long epoch = status.promisedEpoch();
                    Ledger current = ledger;
                    if (!serves(current, epoch)) {
                        // a new leader tells the catalog at once, which fences off its predecessor
                        build(epoch);
                    } else if (!inTouch) {
                        reconnect(epoch);
                    }
                    feedThrough(epoch, status.commitIndex(), false);
                }
            } catch (RuntimeException e) {
                log.debug("Catalog feed: {}", e.toString());
            }
            try {
                if (stopping.await(PERIOD_MILLIS, TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void start() {
        stopping = new CountDownLatch(1);
        running = true;
        Thread thread = new Thread(this::feedLoop, "catalog-feed");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        stopping.countDown();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
