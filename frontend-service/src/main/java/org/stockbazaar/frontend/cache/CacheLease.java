package org.stockbazaar.frontend.cache;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * This front end's lease at the catalog (docs/cache.md, "Several front ends"): while it runs, the catalog pushes
 * every eviction here before it acknowledges a trade, so the cache may serve what it holds. Once it has run out, or
 * before the first grant, the cache serves nothing and keeps nothing.
 *
 * <p>A grant counts from when its request was sent, before the catalog counted it from the request's arrival, so this
 * side's lease ends first; a tenth of the lease is also given up, so that the two clocks may run at different rates.
 * A grant under a new registration number means the catalog had dropped this front end, which may therefore have
 * missed evictions: the cache is emptied before the new lease lets it serve again.
 */
final class CacheLease {

    private final LongSupplier nanoClock;
    private volatile boolean held;
    private volatile long until;
    private long registration = -1;
    /** Once the front end leaves, for good: written and read under the lock. */
    private boolean ended;

    CacheLease(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    boolean valid() {
        return held && until - nanoClock.getAsLong() > 0;
    }

    /**
     * A grant for a request sent at {@code sentAt} (nanoTime). Runs {@code emptyCache} first if the registration is
     * not the one the cache was filled under.
     */
    synchronized void granted(long sentAt, long registration, Duration lease, Runnable emptyCache) {
        if (ended) {
            // a renewal that was on its way when the front end began to leave
            return;
        }
        if (registration != this.registration) {
            held = false;
            emptyCache.run();
            this.registration = registration;
        }
        long end = sentAt + lease.toNanos() / 10 * 9;
        if (!held || end - until > 0) {
            until = end;
        }
        held = true;
    }

    /** This front end is leaving: serve nothing more from the cache, whatever grant still arrives. */
    synchronized void end() {
        held = false;
        ended = true;
    }

    synchronized long registration() {
        return registration;
    }

    /** What is left of the lease, zero if none runs. */
    Duration left() {
        long left = until - nanoClock.getAsLong();
        return held && left > 0 ? Duration.ofNanos(left) : Duration.ZERO;
    }
}
