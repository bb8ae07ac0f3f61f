package org.stockbazaar.frontend.cache;

/** How a full cache chooses what to drop. */
public enum CachePolicy {
    /** Least recently used goes, always: what the design asks for and what the seed's evaluation tests. */
    LRU,
    /**
     * Caffeine's W-TinyLFU: a new key must be accessed more often than the entry it would replace, so a burst of
     * one-off lookups cannot flush the hot entries; with five entries it often keeps old keys and rejects new ones.
     */
    TINYLFU;

    CacheStore newStore(int capacity, CacheStore.EvictionListener listener) {
        return this == LRU ? new LruStore(capacity, listener) : new TinyLfuStore(capacity, listener);
    }
}
