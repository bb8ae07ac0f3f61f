package org.stockbazaar.client.results;

/** One line of {@code cache.csv}: the front end's {@code GET /internal/cache} at one moment; keys next victim first. */
public record CacheSample(long epochMs, boolean enabled, String policy, int capacity, long hits, long misses,
        long evictions, String keys) {
}
