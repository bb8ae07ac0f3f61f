package org.stockbazaar.order.replication;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * When a leader sends a follower what it lacks (docs/replication.md, "Pacing the second follower"). A commit needs
 * one follower besides the leader (with three replicas), so the <em>primary</em> follower (the highest id whose
 * last append did not fail) gets every entry at once, and the <em>standby</em> gets what it lacks at most once per
 * {@code standbyInterval}: the same entries in fewer, larger appends, each costing it one request and one fsync.
 * The standby is sent what it lacks at once when entries have waited {@code takeover} for their commit (the
 * primary is slow or stopped) and when the primary's last append failed (it is down).
 *
 * <p>Only <em>when</em> to send is decided here: what to send, and what counts as committed, stay in
 * {@link ReplicaCore}, so no pacing can change what a replica holds or acknowledges (the simulation, which
 * delivers messages in any order and after any delay, covers every pacing). Time is passed in, in nanoseconds.
 */
final class AppendPacing {

    private final List<Integer> followers;
    private final int needed;
    private final long intervalNanos;
    private final long takeoverNanos;
    private final Map<Integer, Long> lastSent = new HashMap<>();
    private final Set<Integer> failing = new HashSet<>();
    /** {last index of an append as leader, when it was appended}, oldest first, while not committed. */
    private final ArrayDeque<long[]> uncommitted = new ArrayDeque<>();

    /**
     * @param followers       the other replicas' ids
     * @param needed          how many followers a commit needs (majority - 1)
     * @param standbyInterval how often a standby is sent what it lacks while the primary keeps up (zero: at once)
     * @param takeover        how long entries wait for their commit before the standby is sent them at once
     */
    AppendPacing(List<Integer> followers, int needed, Duration standbyInterval, Duration takeover) {
        this.followers = followers.stream().sorted(Comparator.reverseOrder()).toList();
        this.needed = needed;
        this.intervalNanos = standbyInterval.toNanos();
        this.takeoverNanos = takeover.toNanos();
    }

    /** A new leader term: nothing is waiting for a commit, and every follower is sent what it lacks at once. */
    void reset() {
        lastSent.clear();
        failing.clear();
        uncommitted.clear();
    }

    /**
     * The leader appended entries up to {@code lastIndex} at {@code now}; they wait for a commit. Entries already
     * committed are forgotten here, whoever asks for delays: with a zero interval, or a standby that is down, no
     * standby asks.
     */
    void appended(long lastIndex, long commitIndex, long now) {
        forgetCommitted(commitIndex);
        uncommitted.addLast(new long[] {lastIndex, now});
    }

    /** How many appends wait for their commit (what this keeps in memory). */
    int waitingForCommit() {
        return uncommitted.size();
    }

    private void forgetCommitted(long commitIndex) {
        while (!uncommitted.isEmpty() && uncommitted.peekFirst()[0] <= commitIndex) {
            uncommitted.removeFirst();
        }
    }

    /** An append to {@code follower} left at {@code now}. */
    void sent(int follower, long now) {
        lastSent.put(follower, now);
    }

    /** The follower answered: it is up (it may be primary again). */
    void answered(int follower) {
        failing.remove(follower);
    }

    /** The follower did not answer (refused, timed out): it is not primary until it answers again. */
    void failed(int follower) {
        failing.add(follower);
    }

    /**
     * How long the sender of a follower that lacks entries waits before it sends them: 0 to send now.
     *
     * @param commitIndex the leader's commit index now
     */
    long delayNanos(int follower, long commitIndex, long now) {
        if (intervalNanos <= 0 || failing.contains(follower) || primary(follower)) {
            return 0;
        }
        forgetCommitted(commitIndex);
        Long sent = lastSent.get(follower);
        long due = sent == null ? now : sent + intervalNanos;
        if (!uncommitted.isEmpty()) {
            due = Math.min(due, uncommitted.peekFirst()[1] + takeoverNanos);
        }
        return Math.max(0, due - now);
    }

    /**
     * How long the sender of a follower that lacks no entry waits: a due commit notice goes with the follower's next
     * append, or on its own at most {@code standbyInterval} after the last one (so a busy leader's notices ride on
     * its appends, and a quiet leader's followers publish within that interval); entries whose commit is still to
     * come are looked at again after that interval; with nothing to tell, a second.
     */
    long noticeDelayNanos(int follower, CommitNotice notice, long now) {
        return switch (notice) {
            case NONE -> TimeUnit.SECONDS.toNanos(1);
            case WAITING -> Math.max(intervalNanos, TimeUnit.MILLISECONDS.toNanos(1));
            case DUE -> {
                Long sent = lastSent.get(follower);
                yield sent == null ? 0 : Math.max(0, sent + intervalNanos - now);
            }
        };
    }

    private boolean primary(int follower) {
        int ahead = 0;
        for (int candidate : followers) {
            if (candidate == follower) {
                return ahead < needed;
            }
            if (!failing.contains(candidate)) {
                ahead++;
            }
        }
        return false;
    }
}
