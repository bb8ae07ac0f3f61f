package org.stockbazaar.frontend.stock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;
import org.springframework.web.client.RestClientException;
import org.stockbazaar.frontend.cache.StockCache;

/** A lookup: from the cache when it has the stock, else from the catalog (and then cached). */
@Service
class StockLookup {

    private static final Logger log = LoggerFactory.getLogger(StockLookup.class);

    private final CatalogClient catalog;

    StockLookup(CatalogClient catalog) {
        this.catalog = catalog;
    }

    /** Runs only on a miss; {@code sync} routes the miss through {@link StockCache}'s race-safe loader. */
    @Cacheable(cacheNames = StockCache.NAME, sync = true)
    public Stock lookup(String name) {
        log.info("Could not find {} in cache calling catalog microservice", name);
        try {
            return catalog.lookup(name);
        } catch (RestClientException e) {
            // refused, timed out, or a 5xx: to the client the catalog is unavailable either way
            throw CatalogClient.unavailable();
        }
    }
}
