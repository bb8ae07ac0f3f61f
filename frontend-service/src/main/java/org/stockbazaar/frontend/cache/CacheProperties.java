package org.stockbazaar.frontend.cache;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param enabled false serves every lookup from the catalog (env {@code BAZAAR_CACHE_ENABLED})
 * @param size    entries kept (env {@code BAZAAR_CACHE_SIZE})
 * @param policy  which entry goes when the cache is full (env {@code BAZAAR_CACHE_POLICY}: lru or tinylfu)
 */
@ConfigurationProperties(prefix = "bazaar.cache")
public record CacheProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("5") int size,
        @DefaultValue("lru") CachePolicy policy) {

    public CacheProperties {
        if (size < 1) {
            throw new IllegalArgumentException("bazaar.cache.size must be at least 1, was " + size);
        }
    }
}
