package org.stockbazaar.frontend.cache;

import java.time.Duration;

/** A stock cache whose lease at the catalog runs for an hour, for tests of what the cache does while it holds one. */
public final class LeasedCache {

    private LeasedCache() {
    }

    public static StockCache of(CacheProperties properties) {
        return holdingLease(new StockCache(properties));
    }

    /** Grants {@code cache} an hour's lease under a new registration (which empties it). */
    public static StockCache holdingLease(StockCache cache) {
        cache.leaseGranted(System.nanoTime(), cache.leaseView().registration() + 1, Duration.ofHours(1));
        return cache;
    }
}
