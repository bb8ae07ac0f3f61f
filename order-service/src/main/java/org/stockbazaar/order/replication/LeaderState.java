package org.stockbazaar.order.replication;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A leader's view of its followers: the next entry to send each one and the last entry each one durably holds
 * (acknowledged in this epoch). An entry is committed once a majority, the leader included, holds it.
 */
final class LeaderState {

    private final Map<Integer, Long> next = new HashMap<>();
    private final Map<Integer, Long> match = new HashMap<>();
    /** The last index each follower was told is committed and holds (so publishes), per its answers. */
    private final Map<Integer, Long> toldCommitted = new HashMap<>();
    private final int majority;
    /** The last index of the history this leader took over; a follower counts once it holds all of it. */
    private final long historyEnd;
    private long ownDurable;
    private long commitIndex = -1;

    LeaderState(List<Integer> followers, long lastIndex, int majority) {
        followers.forEach(f -> {
            next.put(f, lastIndex + 1);
            // below -1: not even the empty prefix is confirmed, so an empty history is probed too (the probe makes
            // the follower drop an older epoch's uncommitted tail)
            match.put(f, -2L);
            toldCommitted.put(f, -1L);
        });
        this.majority = majority;
        this.historyEnd = lastIndex;
        this.ownDurable = lastIndex;
    }

    long next(int follower) {
        return next.get(follower);
    }

    long match(int follower) {
        return match.get(follower);
    }

    void appended(int follower, long matchIndex) {
        match.merge(follower, matchIndex, Math::max);
        next.put(follower, Math.max(next.get(follower), match.get(follower) + 1));
        recompute();
    }

    /** The follower answered an append carrying {@code leaderCommit}: it publishes up to there, as far as it holds. */
    void told(int follower, long committed) {
        toldCommitted.merge(follower, committed, Math::max);
    }

    long told(int follower) {
        return toldCommitted.get(follower);
    }

    /** The follower's log differs at next - 1: step back, to just after its last entry if that is farther. */
    void mismatched(int follower, long followerLastIndex) {
        long back = Math.min(next.get(follower) - 1, followerLastIndex + 1);
        next.put(follower, Math.max(match.get(follower) + 1, Math.max(0, back)));
    }

    void ownDurable(long index) {
        ownDurable = Math.max(ownDurable, index);
        recompute();
    }

    long historyEnd() {
        return historyEnd;
    }

    long commitIndex() {
        return commitIndex;
    }

    /**
     * Committed entries this leader may publish: those durable on it too (a commit may count two followers while
     * its own fsync is still under way), so its order_log never holds a row its journal could lose.
     */
    long publishable() {
        return Math.min(commitIndex, ownDurable);
    }

    private void recompute() {
        long[] held = new long[match.size() + 1];
        int i = 0;
        for (long m : match.values()) {
            // a follower with part of the history has not yet taken this epoch: it does not count yet
            held[i++] = m >= historyEnd ? m : -2;
        }
        held[i] = ownDurable;
        Arrays.sort(held);
        // the majority-th highest index is held by at least a majority
        long candidate = held[held.length - majority];
        commitIndex = Math.max(commitIndex, candidate);
    }
}
