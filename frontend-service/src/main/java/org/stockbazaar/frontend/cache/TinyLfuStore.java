package org.stockbazaar.frontend.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.List;

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
}
