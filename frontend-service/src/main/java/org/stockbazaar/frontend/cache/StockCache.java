package org.stockbazaar.frontend.cache;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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

    /** What this cache registers under at the catalog, new at every start (docs/cache.md, "Several front ends"). */
    private final String id = UUID.randomUUID().toString();
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

    /**
     * The id this cache registers under at the catalog. Trades name it to the leader, which passes it on to the
     * catalog: the catalog need not push a trade's eviction here before the trade is answered, since the front end
     * drops the stock itself when the answer arrives (docs/cache.md, "The front end that routed a trade").
     */
    public String id() {
        return id;
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

    /**
     * Drops {@code key} if the value held was read before the stock reached {@code version} (or carries none), and
     * keeps a catalog read that started before this call out of the cache either way, as {@link #evict} does: for
     * the evictions a lease renewal brings, which a value read since the trade need not make a miss.
     */
    public synchronized void evictOlderThan(Object key, long version) {
        invalidatedAt.put(key, ++invalidations);
        for (Map.Entry<Object, Object> entry : store.entriesInEvictionOrder()) {
            if (entry.getKey().equals(key) && !(entry.getValue() instanceof Versioned<?> held
                    && held.version() >= version)) {
                store.remove(key);
            }
        }
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
