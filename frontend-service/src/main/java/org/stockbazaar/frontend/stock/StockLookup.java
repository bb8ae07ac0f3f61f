package org.stockbazaar.frontend.stock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;
import org.springframework.web.client.RestClientException;
import org.stockbazaar.frontend.cache.CacheProperties;
import org.stockbazaar.frontend.cache.StockCache;
import org.stockbazaar.frontend.cache.Versioned;

/** A lookup: from the cache when it has the stock, else from the catalog (and then cached). */
@Service
class StockLookup {

    private static final Logger log = LoggerFactory.getLogger(StockLookup.class);

    /**
     * Set on the request's thread when this lookup went to the catalog: with {@code sync = true} the cache runs the
     * miss on the caller's thread, so the flag is the request's own (read and cleared by {@link #missed()}).
     */
    private static final ThreadLocal<Boolean> MISSED = new ThreadLocal<>();

    private final CatalogClient catalog;
    private final boolean cached;

    StockLookup(CatalogClient catalog, CacheProperties cache) {
        this.catalog = catalog;
        this.cached = cache.enabled();
    }

    /** Runs only on a miss; {@code sync} routes the miss through {@link StockCache}'s race-safe loader. */
    @Cacheable(cacheNames = StockCache.NAME, sync = true)
    public Versioned<Stock> lookup(String name) {
        MISSED.set(Boolean.TRUE);
        if (cached) {
            // the seed system's miss line; with the cache off every lookup goes to the catalog and says nothing
            log.info("Could not find {} in cache calling catalog microservice", name);
        }
        try {
            return catalog.lookup(name);
        } catch (RestClientException e) {
            // refused, timed out, or a 5xx: to the client the catalog is unavailable either way
            throw CatalogClient.unavailable();
        }
    }

    /** Whether this thread's last {@link #lookup} went to the catalog (a miss, or no cache at all); clears it. */
    static boolean missed() {
        boolean missed = MISSED.get() != null;
        MISSED.remove();
        return missed;
    }
}
