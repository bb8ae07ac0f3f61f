package org.stockbazaar.frontend.cache;

import java.util.List;
import java.util.Map;

/** The storage behind {@link StockCache}: a bounded map with an eviction policy. Thread-safe. */
interface CacheStore {

    Object get(Object key);

    void put(Object key, Object value);

    void remove(Object key);

    void clear();

    /** The keys, the next one to be evicted first. */
    List<Object> keysInEvictionOrder();

    /** The entries, the next one to be evicted first; a copy, and reading it counts as no use of any entry. */
    List<Map.Entry<Object, Object>> entriesInEvictionOrder();

    interface EvictionListener {
        void evicted(Object key);
    }
}
