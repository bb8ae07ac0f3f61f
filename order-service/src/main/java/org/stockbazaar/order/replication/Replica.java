package org.stockbazaar.order.replication;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stockbazaar.order.OrderProperties;
import org.stockbazaar.order.replication.Messages.Append;
import org.stockbazaar.order.replication.Messages.AppendReply;
import org.stockbazaar.order.replication.Messages.Fetch;
import org.stockbazaar.order.replication.Messages.FetchReply;
import org.stockbazaar.order.replication.Messages.Prepare;
import org.stockbazaar.order.replication.Messages.PrepareReply;
import org.stockbazaar.order.replication.Messages.Status;
import org.stockbazaar.support.TradeLog;
import org.stockbazaar.support.trade.Trade;

/**
 * The running replica, as the rest of the service sees it: the one entry point for the protocol's HTTP edge
 * ({@code replica/}) and for trades ({@code trade/}). It puts the parts together and hands each call to the one
 * that does it, by role, as Raft implementations are laid out: {@link LeaderElection} (standing for leadership,
 * answering prepares), a {@link LogAppender} per follower (the sender and its pacing), {@link PendingCommits} (trades
 * until a majority holds them) and {@link StartupSync} (with {@link LogCopy}, which an election uses too). They share
 * the {@link ReplicaCore}, which decides everything the protocol decides, behind one {@link ReplicaLock}.
 *
 * <p>Failures are the domain's ({@link NotLeaderException}, {@link NoMajorityException},
 * {@link CatchingUpException}); the HTTP edge gives them their statuses.
 */
public final class Replica {

    private static final Logger log = LoggerFactory.getLogger(Replica.class);

    private final OrderProperties properties;
    private final String me;
    private final Peers peers;
    private final OrderLog orderLog;
    private final AutoCloseable closeLog;
    private final ReplicaCore core;
    private final FollowerLag lag = new FollowerLag();
    private final AppendPacing pacing;
    private final ReplicaLock lock;
    private final LogCopy copy;
    private final PendingCommits commits;
    private final LeaderElection election;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    /**
     * @param orderLog the log, opened; not thread-safe: used under the replica's lock only
     * @param forceLog makes every row appended to the log so far durable, safe outside the lock (the group commit)
     * @param closeLog closes the log when the replica stops
     */
    public Replica(OrderProperties properties, Peers peers, OrderLog orderLog, Runnable forceLog,
            AutoCloseable closeLog, ReplicaState.Store store, MeterRegistry meters) {
        this.properties = properties;
        this.me = "(Order " + properties.id() + "): ";
        this.peers = peers;
        this.orderLog = orderLog;
        this.closeLog = closeLog;
        this.core = new ReplicaCore(properties.id(), peers.ids(), orderLog, store);
        this.pacing = new AppendPacing(peers.ids(), (peers.ids().size() + 1) / 2, properties.standbyInterval(),
                properties.standbyTakeover());
        this.lock = new ReplicaLock(core, orderLog);
        this.copy = new LogCopy(orderLog, lock, peers);
        this.commits = new PendingCommits(core, orderLog, pacing, lag, lock, forceLog, properties.commitTimeout());
        this.election = new LeaderElection(me, core, orderLog, pacing, lag, lock, peers, copy, commits, meters);
        ReplicaMeters.register(meters, core, orderLog, lag, copy, lock);
        log.info("Replicas of {}are {}", me, properties.peers());
        log.info("{}This is the starting transaction num: {}", me, orderLog.lastIndex());
    }

    // ------------------------------------------------------------ lifecycle

    /** Starts an appender per follower and the sync-up. */
    public void start() {
        running = true;
        for (int peer : peers.ids()) {
            threads.add(daemon("replicate-to-" + peer,
                    new LogAppender(peer, core, pacing, lag, lock, peers, this::isRunning)));
        }
        threads.add(daemon("syncup",
                new StartupSync(me, core, orderLog, lock, peers, copy, properties.newCluster(), this::isRunning)));
        log.info("{}Started", me);
    }

    /** Stops the threads and closes the log. */
    public void stop() {
        running = false;
        threads.forEach(Thread::interrupt);
        lock.change(() -> {
            try {
                closeLog.close();
            } catch (Exception e) {
                log.warn("{}closing the order log: {}", me, e.getMessage());
            }
            return null;
        });
    }

    public boolean isRunning() {
        return running;
    }

    // ------------------------------------------------------------ messages from peers and the front end

    public Status status() {
        return lock.read(core::status);
    }

    public PrepareReply prepare(Prepare prepare) {
        return election.answer(prepare);
    }

    /** A syncing replica's fetch; {@link CatchingUpException} while this replica's own log is incomplete. */
    public FetchReply fetch(Fetch fetch) {
        log.info("{}Syncup Request received from {}", me, fetch.requesterId());
        return lock.read(() -> core.onFetch(fetch));
    }

    /**
     * A leader's append; {@link CatchingUpException} while this replica has not learnt the cluster's epoch (the
     * leader's appender takes it as a follower that is down, and tries again after a pause).
     */
    public AppendReply append(Append append) {
        log.debug("{}Received request to replicate order from the leader with id {}", me, append.leaderId());
        AppendReply reply = lock.change(() -> core.onAppend(append));
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
        return lock.read(core::ready);
    }

    // ------------------------------------------------------------ leading

    /**
     * Becomes leader (or stays one) and answers itself and the epoch, once the history it took over is committed;
     * or, if a peer it reaches already leads in a current epoch, answers that leader without standing.
     * {@link NoMajorityException} if no majority promised, none confirmed that history in time, or another candidate
     * won meanwhile.
     */
    public Leadership lead() {
        return election.lead();
    }

    /** The order already logged under this request id, once committed (in this leader's epoch). */
    public Optional<LogEntry> committedEntryOf(String requestId) {
        return commits.committedEntryOf(requestId);
    }

    /** This replica's epoch while it leads; {@link NotLeaderException} otherwise. */
    public long leaderEpoch() {
        return lock.read(() -> {
            core.requireLeader();
            return core.epoch();
        });
    }

    /**
     * Hands every entry of this leader's log from number {@code from} on to {@code visit}, under the replica lock:
     * no append runs meanwhile, so what the caller builds from them matches the log exactly.
     */
    public void visitFrom(long epoch, long from, Consumer<LogEntry> visit) {
        lock.read(() -> {
            core.requireLeaderOf(epoch);
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
        return lock.read(() -> {
            core.requireLeaderOf(epoch);
            return committedBetween(from, from + max);
        });
    }

    /**
     * Appends the orders that {@code admit} accepts, as leader of {@code epoch}, with consecutive numbers, and
     * returns them once a majority holds them durably ({@link NoMajorityException} if it does not in time). {@code
     * admit} runs under the replica lock, in order, just before its order is appended: what it keeps (the leader's
     * view of the stocks) moves with the log and nothing else.
     */
    public List<LogEntry> appendAndCommit(long epoch, List<Trade> orders, Predicate<Trade> admit) {
        return commits.appendAndCommit(epoch, orders, admit);
    }

    /** An order, if this replica leads and the order is committed. */
    public Optional<LogEntry> committedEntry(long number) {
        return lock.read(() -> {
            core.requireLeader();
            return number <= core.commitIndex() ? core.entry(number) : Optional.empty();
        });
    }

    /**
     * The committed orders numbered {@code first} to {@code first + max - 1}, if this replica leads: the committed
     * part of the log has no gaps, so they are those from {@code first} (or 0) up to the commit point.
     */
    public List<LogEntry> committedEntries(long first, int max) {
        long end = first > Long.MAX_VALUE - max ? Long.MAX_VALUE : first + max;
        return lock.read(() -> {
            core.requireLeader();
            return committedBetween(first, end);
        });
    }

    /** The committed entries numbered {@code from} (or 0) up to, not including, {@code end}; under the lock. */
    private List<LogEntry> committedBetween(long from, long end) {
        long start = Math.max(0, from);
        return orderLog.range(start, (int) Math.max(0, Math.min(end, core.commitIndex() + 1) - start));
    }

    private static Thread daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
