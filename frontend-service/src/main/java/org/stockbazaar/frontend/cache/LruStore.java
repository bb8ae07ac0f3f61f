package org.stockbazaar.frontend.cache;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Strict LRU: an access-ordered {@link LinkedHashMap} that drops its least recently used entry when full. */
final class LruStore implements CacheStore {

    private final Map<Object, Object> entries;

    LruStore(int capacity, EvictionListener listener) {
        this.entries = new LinkedHashMap<>(capacity * 2, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Object, Object> eldest) {
                if (size() <= capacity) {
                    return false;
                }
                listener.evicted(eldest.getKey());
                return true;
            }
        };
    }

    @Override
    public synchronized Object get(Object key) {
        return entries.get(key);
    }

    @Override
    public synchronized void put(Object key, Object value) {
        entries.put(key, value);
    }

    @Override
    public synchronized void remove(Object key) {
        entries.remove(key);
    }

    @Override
    public synchronized void clear() {
        entries.clear();
    }

    @Override
    public synchronized List<Object> keysInEvictionOrder() {
        return List.copyOf(entries.keySet());
    }

    @Override
    public synchronized List<Map.Entry<Object, Object>> entriesInEvictionOrder() {
        // iterating an access-ordered map does not reorder it; only get and put do
        return entries.entrySet().stream().map(Map.Entry::copyOf).toList();
    }
}
