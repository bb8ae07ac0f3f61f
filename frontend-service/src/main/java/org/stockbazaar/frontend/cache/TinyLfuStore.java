package org.stockbazaar.frontend.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.List;
import java.util.Map;

/**
 * Caffeine, which is W-TinyLFU and not LRU: offered for comparison. Maintenance runs on the caller's thread so
 * evictions happen at the put that causes them, as with {@link LruStore}.
 */
final class TinyLfuStore implements CacheStore {

    private final Cache<Object, Object> entries;
    private final int capacity;

    TinyLfuStore(int capacity, EvictionListener listener) {
        this.capacity = capacity;
        this.entries = Caffeine.newBuilder()
                .maximumSize(capacity)
                .executor(Runnable::run)
                .evictionListener((key, value, cause) -> listener.evicted(key))
                .build();
    }

    @Override
    public Object get(Object key) {
        return entries.getIfPresent(key);
    }

    @Override
    public void put(Object key, Object value) {
        entries.put(key, value);
        entries.cleanUp();
    }

    @Override
    public void remove(Object key) {
        entries.invalidate(key);
    }

    @Override
    public void clear() {
        entries.invalidateAll();
    }

    @Override
    public List<Object> keysInEvictionOrder() {
        return List.copyOf(entries.policy().eviction().orElseThrow().coldest(capacity).keySet());
    }

    @Override
    public List<Map.Entry<Object, Object>> entriesInEvictionOrder() {
        // the policy's snapshot: it records no access, so a look at the cache does not change what it keeps
        return entries.policy().eviction().orElseThrow().coldest(capacity).entrySet().stream()
                .map(Map.Entry::copyOf).toList();
    }
}
