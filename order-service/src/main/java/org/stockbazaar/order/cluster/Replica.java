package org.stockbazaar.order.cluster;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClientException;
import org.stockbazaar.order.OrderProperties;
import org.stockbazaar.order.replication.AppendPacing;
import org.stockbazaar.order.replication.CatchingUpException;
import org.stockbazaar.order.replication.LogEntry;
import org.stockbazaar.order.replication.Messages.Append;
import org.stockbazaar.order.replication.Messages.AppendReply;
import org.stockbazaar.order.replication.Messages.Fetch;
import org.stockbazaar.order.replication.Messages.FetchReply;
import org.stockbazaar.order.replication.Messages.Prepare;
import org.stockbazaar.order.replication.Messages.PrepareReply;
import org.stockbazaar.order.replication.Messages.Status;
import org.stockbazaar.order.replication.NotLeaderException;
import org.stockbazaar.order.replication.ReplicaCore;
import org.stockbazaar.order.replication.SyncUp;
import org.stockbazaar.order.storage.FileOrderLog;
import org.stockbazaar.order.storage.FileReplicaStateStore;
import org.stockbazaar.support.ApiException;
import org.stockbazaar.support.TradeLog;
import org.stockbazaar.support.trade.Trade;
import tools.jackson.databind.json.JsonMapper;

/**
 * The running replica: the protocol core behind one lock, plus the threads and calls the core leaves out: a sender
 * per follower (batches of entries, one request in flight each), the sync-up at start, elections on the front
 * end's request, and trades waiting for their commit.
 *
 * <p>One class today because every one of those waits on and signals the same lock and conditions (the senders on
 * a growing log, the trades on the commit index), and its meters read the same state. It is the largest class in
 * the project; splitting it by role (election, one appender per follower, commit waiting, start-up sync, as Raft
 * implementations do) around a shared lock object is the next step for it.
 */
@Component
public class Replica implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Replica.class);
    private static final int APPEND_BATCH = 5_000;

    private final OrderProperties properties;
    private final PeerClient peers;
    private final FileOrderLog orderLog;
    private final ReplicaCore core;
    /** When each follower is sent what it lacks (guarded by the lock). */
    private final AppendPacing pacing;
    private final String me;
    private final ReentrantLock lock = new ReentrantLock();
    /** Senders wait here: signalled when a leader's log grows, its role or epoch changes, or a follower fails. */
    private final Condition toSend = lock.newCondition();
    /** Trades wait here for their commit: signalled when the commit index moves or the role or epoch changes. */
    private final Condition toCommit = lock.newCondition();
    private final Object electionLock = new Object();
    private final Object syncLock = new Object();
    /** What the last group fsync covered, and in which epoch (guarded by syncLock). */
    private long forcedEpoch = -1;
    private long forcedThrough = -1;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;
    /** For the lag gauges (guarded by the lock). */
    private final FollowerLag lag = new FollowerLag();
    private final Counter electionsStarted;
    private final Counter electionsWon;
    /** Orders a running sync-up still has to fetch from its source; 0 when none runs. */
    private volatile long syncUpRemaining;
    private volatile boolean syncingUp;

    Replica(OrderProperties properties, PeerClient peers, JsonMapper json, MeterRegistry meters) {
        this.properties = properties;
        this.peers = peers;
        this.me = "(Order " + properties.id() + "): ";
        Timer fsyncTime = Timer.builder("bazaar.order.journal.fsync")
                .description("one fsync of the order journal (a group commit's, a follower's append, a sync-up batch)")
                .register(meters);
        this.orderLog = new FileOrderLog(properties.dataDir(), properties.id(), properties.rememberedRequests(),
                nanos -> fsyncTime.record(nanos, TimeUnit.NANOSECONDS));
        this.core = new ReplicaCore(properties.id(), peers.ids(), orderLog,
                new FileReplicaStateStore(properties.dataDir(), properties.id(), json));
        this.pacing = new AppendPacing(peers.ids(), (peers.ids().size() + 1) / 2, properties.standbyInterval(),
                properties.standbyTakeover());
        this.electionsStarted = Counter.builder("bazaar.elections.started")
                .description("elections this replica ran as candidate").register(meters);
        this.electionsWon = Counter.builder("bazaar.elections.won")
                .description("elections this replica won (it led afterwards)").register(meters);
        registerGauges(meters);
        log.info("Replicas of {}are {}", me, properties.peers());
        log.info("{}This is the starting transaction num: {}", me, orderLog.lastIndex());
    }

    /** Gauges read under the lock, as a status request does; they observe the protocol and change nothing. */
    private void registerGauges(MeterRegistry meters) {
        Gauge.builder("bazaar.replica.epoch", this, replica -> replica.read(replica.core::epoch))
                .description("the epoch this replica promised (the leader's term)").register(meters);
        Gauge.builder("bazaar.replica.leader", this, replica -> replica.read(replica.core::isLeader) ? 1 : 0)
                .description("1 while this replica leads").register(meters);
        Gauge.builder("bazaar.replica.ready", this, replica -> replica.read(replica.core::ready) ? 1 : 0)
                .description("1 once synced up with the others (readiness)").register(meters);
        Gauge.builder("bazaar.replica.log.last", this, replica -> replica.read(replica.orderLog::lastIndex))
                .description("the last transaction number in this replica's log").register(meters);
        Gauge.builder("bazaar.syncup.active", this, replica -> replica.syncingUp ? 1 : 0)
                .description("1 while a sync-up copies orders from another replica").register(meters);
        Gauge.builder("bazaar.syncup.remaining", this, replica -> replica.syncUpRemaining).baseUnit("orders")
                .description("orders the running sync-up still has to fetch").register(meters);
        for (int follower : peers.ids()) {
            String tag = Integer.toString(follower);
            Gauge.builder("bazaar.replication.lag", this,
                            replica -> replica.read(() -> lagOrNaN(replica.core.lagOf(follower))))
                    .description("entries of the leader's log the follower does not yet hold durably (NaN: not leading)")
                    .baseUnit("entries").tag("follower", tag).register(meters);
            Gauge.builder("bazaar.replication.lag.seconds", this, replica -> replica.read(
                            () -> replica.lag.seconds(follower, replica.core.lagOf(follower), System.nanoTime())))
                    .description("how long the follower has been behind the leader (NaN: not leading)")
                    .tag("follower", tag).register(meters);
        }
    }

    private static double lagOrNaN(long entries) {
        return entries < 0 ? Double.NaN : entries;
    }

    // ------------------------------------------------------------ lifecycle

    @Override
    public void start() {
        running = true;
        for (int peer : peers.ids()) {
            threads.add(daemon("replicate-to-" + peer, () -> sendLoop(peer)));
        }
        threads.add(daemon("syncup", this::syncUpAtStart));
        log.info("{}Started", me);
    }

    @Override
    public void stop() {
        running = false;
        threads.forEach(Thread::interrupt);
        locked(() -> {
            try {
                orderLog.close();
            } catch (Exception e) {
                log.warn("{}closing the order log: {}", me, e.getMessage());
            }
            return null;
        });
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * Started before the web server and stopped after it (lifecycles stop from the highest phase down): a graceful
     * shutdown first lets the requests in flight finish, and trades waiting for their commit need the senders and
     * the open log until then. Spring's default phase would stop the replica first and close the log under them.
     */
    @Override
    public int getPhase() {
        return WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE - 2048;
    }

    // ------------------------------------------------------------ messages from peers and the front end

    public Status status() {
        return read(core::status);
    }

    public PrepareReply prepare(Prepare prepare) {
        PrepareReply reply = locked(() -> core.onPrepare(prepare));
        log.info("{}Prepare for epoch {} from replica {}: {}", me, prepare.epoch(), prepare.candidateId(),
                reply.promised() ? "promised" : "refused, promised " + reply.promisedEpoch());
        return reply;
    }

    public FetchReply fetch(Fetch fetch) {
        log.info("{}Syncup Request received from {}", me, fetch.requesterId());
        try {
            return read(() -> core.onFetch(fetch));
        } catch (CatchingUpException e) {
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        }
    }

    public AppendReply append(Append append) {
        log.debug("{}Received request to replicate order from the leader with id {}", me, append.leaderId());
        AppendReply reply;
        try {
            reply = locked(() -> core.onAppend(append));
        } catch (CatchingUpException e) {
            // the leader's sender treats it as a follower that is down, and tries again after a pause
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        }
        if (TradeLog.LOG.isDebugEnabled() && !append.entries().isEmpty()) {
            try (TradeLog.Tag tag = TradeLog.tag(append.entries().stream().map(LogEntry::requestId).toList())) {
                TradeLog.LOG.debug("{}Append of transactions {} to {} from leader {}: {}", me,
                        append.entries().get(0).number(), append.entries().get(append.entries().size() - 1).number(),
                        append.leaderId(), reply.outcome());
            }
        }
        return reply;
    }

    public void leaderNotified(int leaderId, long epoch) {
        log.info("{}Notified replica with id {} of leader with id {} (epoch {})", me, properties.id(), leaderId,
                epoch);
    }

    public boolean ready() {
        return read(core::ready);
    }

    // ------------------------------------------------------------ leading

    /** Becomes leader (or stays one) and returns the epoch, once the history it took over is committed. */
    public long lead() {
        synchronized (electionLock) {
            if (read(core::isLeader)) {
                return read(core::epoch);
            }
            long atLeast = 0;
            for (int attempt = 0; attempt < 3; attempt++) {
                long retryAt = atLeast;
                Prepare prepare = locked(() -> core.startElection(retryAt));
                electionsStarted.increment();
                List<PrepareReply> replies = peers.prepareAll(prepare, core::promisedByMajority);
                ReplicaCore.Election election = locked(() -> core.onPrepareReplies(replies));
                if (!election.won()) {
                    atLeast = election.retryEpoch();
                    continue;
                }
                if (election.syncFrom() != null) {
                    log.info("{}Starting syncup from replica {} before leading", me, election.sourceId());
                    copyFrom(election.sourceId(), election.syncFrom());
                }
                long history = locked(() -> {
                    core.becomeLeader();
                    pacing.reset();
                    lag.reset();
                    lag.grew(peers.ids(), System.nanoTime());
                    return orderLog.lastIndex();
                });
                long epoch = prepare.epoch();
                log.info("{}Leading in epoch {} with {} orders in the log", me, epoch, history + 1);
                if (!awaitCommit(history, epoch, properties.commitTimeout())) {
                    throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE,
                            "replica " + properties.id() + " leads but no follower confirmed its log");
                }
                electionsWon.increment();
                return epoch;
            }
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE,
                    "replica " + properties.id() + " could not gather a majority to lead");
        }
    }

    /** The order already logged under this request id, once committed (in this leader's epoch). */
    public Optional<LogEntry> committedEntryOf(String requestId) {
        record Found(Optional<LogEntry> entry, long epoch) {
        }
        Found found = read(() -> {
            requireLeader();
            OptionalLong index = core.indexOf(requestId);
            return new Found(index.isPresent() ? core.entry(index.getAsLong()) : Optional.empty(), core.epoch());
        });
        found.entry().ifPresent(entry -> awaitCommitOrFail(entry.number(), found.epoch()));
        return found.entry();
    }

    /** This replica's epoch while it leads; {@link NotLeaderException} otherwise. */
    public long leaderEpoch() {
        return read(() -> {
            requireLeader();
            return core.epoch();
        });
    }

    /**
     * Hands every entry of this leader's log from number {@code from} on to {@code visit}, under the replica lock:
     * no append runs meanwhile, so what the caller builds from them matches the log exactly.
     */
    public void visitFrom(long epoch, long from, Consumer<LogEntry> visit) {
        read(() -> {
            requireLeaderOf(epoch);
            if (from > orderLog.lastIndex() + 1) {
                throw new IllegalStateException("asked for entries from " + from + " but the log ends at "
                        + orderLog.lastIndex());
            }
            for (long number = from; number <= orderLog.lastIndex(); number++) {
                visit.accept(orderLog.get(number));
            }
            return null;
        });
    }

    /** Up to {@code max} committed entries from number {@code from} on, while this replica leads {@code epoch}. */
    public List<LogEntry> committedEntries(long epoch, long from, int max) {
        return read(() -> {
            requireLeaderOf(epoch);
            return orderLog.range(from, (int) Math.max(0, Math.min(max, core.commitIndex() + 1 - from)));
        });
    }

    /**
     * Appends the orders that {@code admit} accepts, as leader of {@code epoch}, with consecutive numbers, and
     * returns them once a majority holds them durably. {@code admit} runs under the replica lock, in order, just
     * before its order is appended: what it keeps (the leader's view of the stocks) moves with the log and nothing
     * else.
     */
    public List<LogEntry> appendAndCommit(long epoch, List<Trade> orders, Predicate<Trade> admit) {
        // the entries carry the epoch they were appended in: this leader's
        List<LogEntry> entries = locked(() -> {
            requireLeaderOf(epoch);
            List<Trade> admitted = new ArrayList<>(orders.size());
            for (Trade order : orders) {
                if (admit.test(order)) {
                    admitted.add(order);
                }
            }
            if (admitted.isEmpty()) {
                return List.<LogEntry>of();
            }
            List<LogEntry> appended = core.appendAsLeader(admitted);
            lag.grew(peers.ids(), System.nanoTime());
            pacing.appended(appended.get(appended.size() - 1).number(), core.commitIndex(), System.nanoTime());
            return appended;
        });
        if (entries.isEmpty()) {
            return entries;
        }
        LogEntry last = entries.get(entries.size() - 1);
        // durable here before they count towards the majority: an acknowledged order survives kill -9
        syncThrough(last.number(), last.epoch());
        awaitCommitOrFail(last.number(), last.epoch());
        return entries;
    }

    /**
     * Group commit: one fsync, outside the replica lock, covers every order appended before it, so trades arriving
     * together share it (an fsync under the lock would make each trade wait for its own, one after the other).
     */
    private void syncThrough(long number, long epoch) {
        synchronized (syncLock) {
            if (forcedEpoch == epoch && forcedThrough >= number) {
                return;
            }
            // every row up to here is written: appends write under the lock before they release it
            long target = read(orderLog::lastIndex);
            orderLog.force();
            forcedEpoch = epoch;
            forcedThrough = target;
            locked(() -> {
                core.ownDurable(target, epoch);
                return null;
            });
        }
    }

    /** An order, if this replica leads and the order is committed. */
    public Optional<LogEntry> committedEntry(long number) {
        return read(() -> {
            requireLeader();
            return number <= core.commitIndex() ? core.entry(number) : Optional.empty();
        });
    }

    // ------------------------------------------------------------ threads

    private void sendLoop(int follower) {
        long backoffMillis = 0;
        while (running) {
            try {
                Append append = read(() -> {
                    while (running) {
                        long now = System.nanoTime();
                        long delay = core.hasEntriesFor(follower)
                                ? pacing.delayNanos(follower, core.commitIndex(), now)
                                : pacing.noticeDelayNanos(follower, core.commitNoticeFor(follower), now);
                        if (delay == 0) {
                            pacing.sent(follower, System.nanoTime());
                            return core.appendFor(follower, APPEND_BATCH);
                        }
                        toSend.awaitNanos(Math.min(delay, TimeUnit.SECONDS.toNanos(1)));
                    }
                    return null;
                });
                if (append == null) {
                    return;
                }
                AppendReply reply = peers.append(follower, append);
                locked(() -> {
                    pacing.answered(follower);
                    core.onAppendReply(append, reply);
                    lag.observed(follower, core.lagOf(follower), System.nanoTime());
                    return null;
                });
                backoffMillis = 0;
            } catch (NotLeaderException e) {
                // deposed between the wait and the batch: wait again
            } catch (RestClientException e) {
                // the follower is down or slow: keep trying, it will need these entries when it is back; meanwhile
                // the other follower is sent everything at once
                lock.lock();
                try {
                    pacing.failed(follower);
                    toSend.signalAll();
                } finally {
                    lock.unlock();
                }
                backoffMillis = Math.min(500, Math.max(20, backoffMillis * 2));
                pause(backoffMillis);
            } catch (InterruptedRuntime e) {
                return;
            }
        }
    }

    private void syncUpAtStart() {
        boolean waitingLogged = false;
        while (running) {
            try {
                List<Status> statuses = peers.statusOfAll();
                boolean stateUnknown = read(core::stateUnknown);
                ReplicaCore.SyncPlan plan = locked(() -> core.planSyncUp(statuses, properties.newCluster()));
                if (!plan.possible()) {
                    if (!waitingLogged) {
                        log.info(stateUnknown
                                ? "{}This replica has no state (a new data folder, or a lost one): it waits for a "
                                        + "majority of its peers to learn the cluster's epoch, then for a leader to "
                                        + "copy the log from; a new cluster starts only with every replica empty "
                                        + "and bazaar.order.new-cluster=true"
                                : "{}Waiting for a majority of replicas to sync up with", me);
                        waitingLogged = true;
                    }
                    pause(200);
                    continue;
                }
                if (plan.syncUp() != null) {
                    log.info("{}Starting syncup from replica {} (the leader)", me, plan.sourceId());
                    copyFrom(plan.sourceId(), plan.syncUp());
                }
                if (!locked(() -> core.syncedUp(plan.syncUp()))) {
                    // the log lost rows to damage: it needs a leader's whole log before it may vote again
                    pause(200);
                    continue;
                }
                log.info("{}Syncup Done: {} orders in the log", me, orderLog.lastIndex() + 1);
                return;
            } catch (RestClientException e) {
                log.info("{}Syncup interrupted ({}); trying again", me, e.getMessage());
                pause(200);
            } catch (InterruptedRuntime e) {
                return;
            }
        }
    }

    private void copyFrom(int source, SyncUp syncUp) {
        syncingUp = true;
        try {
            boolean done = false;
            while (!done) {
                Fetch fetch = read(syncUp::nextFetch);
                FetchReply reply = peers.fetch(source, fetch);
                done = locked(() -> syncUp.onReply(reply));
                syncUpRemaining = done ? 0 : Math.max(0, reply.lastIndex() - read(orderLog::lastIndex));
            }
        } finally {
            syncingUp = false;
            syncUpRemaining = 0;
        }
    }

    // ------------------------------------------------------------ waiting and locking

    private void awaitCommitOrFail(long number, long epoch) {
        if (!awaitCommit(number, epoch, properties.commitTimeout())) {
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "order not confirmed by a majority in time");
        }
    }

    /** True once {@code number} is committed in {@code epoch}; throws if this replica stops leading that epoch. */
    private boolean awaitCommit(long number, long epoch, Duration timeout) {
        return read(() -> {
            long remaining = timeout.toNanos();
            while (true) {
                // leadership first: after a deposition and a re-election, number could name another epoch's entry
                if (!core.isLeader() || core.epoch() != epoch) {
                    throw new NotLeaderException(core.leaderId());
                }
                if (core.commitIndex() >= number) {
                    return true;
                }
                if (remaining <= 0) {
                    return false;
                }
                remaining = toCommit.awaitNanos(remaining);
            }
        });
    }

    private void requireLeader() {
        if (!core.isLeader()) {
            throw new NotLeaderException(core.leaderId());
        }
    }

    private void requireLeaderOf(long epoch) {
        if (!core.isLeader() || core.epoch() != epoch) {
            throw new NotLeaderException(core.leaderId());
        }
    }

    /**
     * Runs a change under the lock and wakes the waiters it concerns: the senders when a leader's log grew, the
     * trades when the commit index moved, both when the role or epoch changed. Waking every waiter on every change
     * would cost a context switch per waiter, several times per batch.
     */
    private <T> T locked(Interruptible<T> action) {
        lock.lock();
        try {
            boolean leading = core.isLeader();
            long epoch = core.epoch();
            long lastIndex = orderLog.lastIndex();
            long commitIndex = core.commitIndex();
            T result = action.get();
            boolean roleChanged = leading != core.isLeader() || epoch != core.epoch();
            if (roleChanged || core.isLeader() && lastIndex != orderLog.lastIndex()) {
                toSend.signalAll();
            }
            if (roleChanged || commitIndex != core.commitIndex()) {
                toCommit.signalAll();
            }
            return result;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedRuntime();
        } finally {
            lock.unlock();
        }
    }

    /** Runs a look (or a wait) under the lock, waking no one. */
    private <T> T read(Interruptible<T> action) {
        lock.lock();
        try {
            return action.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedRuntime();
        } finally {
            lock.unlock();
        }
    }

    private static Thread daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedRuntime();
        }
    }

    @FunctionalInterface
    private interface Interruptible<T> {
        T get() throws InterruptedException;
    }

    private static final class InterruptedRuntime extends RuntimeException {
    }
}
