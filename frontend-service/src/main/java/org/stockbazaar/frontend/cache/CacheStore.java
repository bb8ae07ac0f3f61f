package org.stockbazaar.frontend.cache;

import java.util.List;

/** The storage behind {@link StockCache}: a bounded map with an eviction policy. Thread-safe. */
interface CacheStore {

    Object get(Object key);

    void put(Object key, Object value);

    void remove(Object key);

    void clear();

    /** The keys, the next one to be evicted first. */
    List<Object> keysInEvictionOrder();

    interface EvictionListener {
        void evicted(Object key);
    }
}
