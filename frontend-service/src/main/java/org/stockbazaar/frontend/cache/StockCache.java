package org.stockbazaar.frontend.cache;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cache.Cache;
import org.springframework.cache.support.SimpleValueWrapper;

/**
 * The front end's stock cache as a Spring {@link Cache}, over an LRU or TinyLFU {@link CacheStore}.
 *
 * <p>Invalidations and misses may race: a miss reads the catalog, a trade changes the stock and its invalidation
 * arrives, then the miss stores what it read, which is already stale. Each key therefore has a generation that every
 * invalidation bumps; a miss stores its value only if the generation is the one it started with. So after an
 * invalidation has been received, no value read before it can enter the cache.
 *
 * <p>The cache serves and keeps values only while this front end's {@link CacheLease} at the catalog runs, which is
 * what makes the catalog's pushes reach it (docs/cache.md, "Several front ends").
 */
public final class StockCache implements Cache {

    public static final String NAME = "stocks";
    private static final Logger log = LoggerFactory.getLogger(StockCache.class);

    private final CacheStore store;
    private final CacheProperties properties;
    private final CacheLease lease;
    /** Invalidation counter; a key's generation is when it was last invalidated (by evict or clear). */
    private long invalidations;
    private final Map<Object, Long> invalidatedAt = new HashMap<>();
    private long clearedAt;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();
    private final AtomicLong evictions = new AtomicLong();

    public StockCache(CacheProperties properties) {
        this(properties, new CacheLease(System::nanoTime));
    }

    StockCache(CacheProperties properties, CacheLease lease) {
        this.properties = properties;
        this.lease = lease;
        this.store = properties.policy().newStore(properties.size(), key -> {
            evictions.incrementAndGet();
            log.info("Evicted {} from cache ({} policy, {} entries)", key, properties.policy(), properties.size());
        });
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public Object getNativeCache() {
        return store;
    }

    @Override
    public ValueWrapper get(Object key) {
        Object value = lookup(key);
        return value == null ? null : new SimpleValueWrapper(value);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T get(Object key, Class<T> type) {
        return (T) lookup(key);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T get(Object key, Callable<T> valueLoader) {
        Object cached = lookup(key);
        if (cached != null) {
            return (T) cached;
        }
        long generation = generation(key);
        T loaded;
        try {
            loaded = valueLoader.call();
        } catch (Exception e) {
            throw new ValueRetrievalException(key, valueLoader, e);
        }
        if (loaded != null) {
            synchronized (this) {
                if (generation(key) == generation && lease.valid()) {
                    store.put(key, loaded);
                }
            }
        }
        return loaded;
    }

    @Override
    public synchronized void put(Object key, Object value) {
        if (lease.valid()) {
            store.put(key, value);
        }
    }

    /**
     * The catalog granted a lease for a request sent at {@code sentAt} (nanoTime); under a new registration the cache
     * is emptied first, since evictions may have been missed meanwhile.
     */
    public void leaseGranted(long sentAt, long registration, Duration length) {
        lease.granted(sentAt, registration, length, this::clear);
    }

    /** This front end leaves the catalog: the cache serves nothing more. */
    public void leaseEnded() {
        lease.end();
    }

    public boolean leaseValid() {
        return lease.valid();
    }

    /** The registration the cache was filled under (-1 before the first), and what is left of its lease. */
    public LeaseView leaseView() {
        return new LeaseView(lease.valid(), lease.registration(), lease.left().toMillis());
    }

    public record LeaseView(boolean held, long registration, long leftMs) {
    }

    @Override
    public synchronized void evict(Object key) {
        invalidatedAt.put(key, ++invalidations);
        store.remove(key);
    }

    @Override
    public synchronized void clear() {
        clearedAt = ++invalidations;
        invalidatedAt.clear();
        store.clear();
    }

    public List<Object> keysInEvictionOrder() {
        return store.keysInEvictionOrder();
    }

    /** A read-only view for the cluster page: the cached stocks, the next victim first. Counts as no lookup. */
    public List<Map.Entry<Object, Object>> entriesInEvictionOrder() {
        return store.entriesInEvictionOrder();
    }

    public CacheProperties properties() {
        return properties;
    }

    public long hits() {
        return hits.get();
    }

    public long misses() {
        return misses.get();
    }

    public long evictions() {
        return evictions.get();
    }

    private Object lookup(Object key) {
        Object value = lease.valid() ? store.get(key) : null;
        if (value == null) {
            misses.incrementAndGet();
        } else {
            hits.incrementAndGet();
            // debug, not info: a line per hit would cost more than the hit itself at full load
            log.debug("Found {} in cache", key);
        }
        return value;
    }

    /** Changes whenever {@code key} is invalidated or the whole cache is cleared. */
    private synchronized long generation(Object key) {
        return Math.max(invalidatedAt.getOrDefault(key, 0L), clearedAt);
    }
}
