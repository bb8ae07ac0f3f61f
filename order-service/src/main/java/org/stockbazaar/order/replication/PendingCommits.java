package org.stockbazaar.order.replication;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Predicate;
import org.stockbazaar.support.trade.Trade;

/**
 * Trades at the leader until a majority holds them: appends them, makes them durable here with one fsync that the
 * trades arriving together share (group commit), and waits for the commit index to pass them. A wait ends with
 * {@link NotLeaderException} as soon as this replica stops leading the epoch the entries were appended in (after a
 * deposition and a re-election the same number could name another epoch's entry), and with
 * {@link NoMajorityException} after the commit timeout.
 */
final class PendingCommits {

    private final ReplicaCore core;
    private final OrderLog log;
    private final AppendPacing pacing;
    private final FollowerLag lag;
    private final ReplicaLock lock;
    /** Makes every row appended so far durable; safe outside the lock. */
    private final Runnable forceLog;
    private final Duration commitTimeout;
    private final Object syncLock = new Object();
    /** What the last group fsync covered, and in which epoch (guarded by syncLock). */
    private long forcedEpoch = -1;
    private long forcedThrough = -1;

    PendingCommits(ReplicaCore core, OrderLog log, AppendPacing pacing, FollowerLag lag, ReplicaLock lock,
            Runnable forceLog, Duration commitTimeout) {
        this.core = core;
        this.log = log;
        this.pacing = pacing;
        this.lag = lag;
        this.lock = lock;
        this.forceLog = forceLog;
        this.commitTimeout = commitTimeout;
    }

    /** See {@link Replica#appendAndCommit}. */
    List<LogEntry> appendAndCommit(long epoch, List<Trade> orders, Predicate<Trade> admit) {
        // the entries carry the epoch they were appended in: this leader's
        List<LogEntry> entries = lock.change(() -> {
            core.requireLeaderOf(epoch);
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
            lag.grew(core.peers(), System.nanoTime());
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

    /** The order already logged under this request id, once committed (in this leader's epoch). */
    Optional<LogEntry> committedEntryOf(String requestId) {
        record Found(Optional<LogEntry> entry, long epoch) {
        }
        Found found = lock.read(() -> {
            core.requireLeader();
            OptionalLong index = core.indexOf(requestId);
            return new Found(index.isPresent() ? core.entry(index.getAsLong()) : Optional.empty(), core.epoch());
        });
        found.entry().ifPresent(entry -> awaitCommitOrFail(entry.number(), found.epoch()));
        return found.entry();
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
            long target = lock.read(log::lastIndex);
            forceLog.run();
            forcedEpoch = epoch;
            forcedThrough = target;
            lock.change(() -> {
                core.ownDurable(target, epoch);
                return null;
            });
        }
    }

    private void awaitCommitOrFail(long number, long epoch) {
        if (!awaitCommit(number, epoch)) {
            throw NoMajorityException.forOrder();
        }
    }

    /**
     * True once {@code number} is committed in {@code epoch}, false if it is not within the commit timeout; throws if
     * this replica stops leading that epoch.
     */
    boolean awaitCommit(long number, long epoch) {
        return lock.read(() -> {
            long remaining = commitTimeout.toNanos();
            while (true) {
                // leadership first: after a deposition and a re-election, number could name another epoch's entry
                core.requireLeaderOf(epoch);
                if (core.commitIndex() >= number) {
                    return true;
                }
                if (remaining <= 0) {
                    return false;
                }
                remaining = lock.awaitToCommit(remaining);
            }
        });
    }
}
