package org.stockbazaar.order.replication;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * How long each follower has been behind the leader, for the lag gauges: since the first entry the leader appended
 * while the follower held everything, until the follower confirms it holds the leader's whole log again. Only read
 * and changed under the replica's lock; it observes the protocol and decides nothing.
 */
final class FollowerLag {

    private final Map<Integer, Long> behindSince = new HashMap<>();

    /** The leader's log grew (or it just took over a history): every follower not yet behind is behind from now. */
    void grew(Collection<Integer> followers, long nowNanos) {
        followers.forEach(follower -> behindSince.putIfAbsent(follower, nowNanos));
    }

    /** A follower's answer was taken in: {@code entries} is what it still lacks (0: it holds everything). */
    void observed(int follower, long entries, long nowNanos) {
        if (entries == 0) {
            behindSince.remove(follower);
        } else if (entries > 0) {
            behindSince.putIfAbsent(follower, nowNanos);
        }
    }

    /** A new term (or none): what was measured for another term means nothing now. */
    void reset() {
        behindSince.clear();
    }

    /** Seconds the follower has been behind; 0 if it lacks nothing, NaN if this replica does not lead (entries < 0). */
    double seconds(int follower, long entries, long nowNanos) {
        if (entries < 0) {
            return Double.NaN;
        }
        observed(follower, entries, nowNanos);
        Long since = behindSince.get(follower);
        return since == null ? 0 : (nowNanos - since) / 1e9;
    }
}
