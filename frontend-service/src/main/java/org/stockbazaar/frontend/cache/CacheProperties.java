package org.stockbazaar.frontend.cache;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param enabled false serves every lookup from the catalog (env {@code BAZAAR_CACHE_ENABLED})
 * @param size    entries kept (env {@code BAZAAR_CACHE_SIZE})
 * @param policy  which entry goes when the cache is full (env {@code BAZAAR_CACHE_POLICY}: lru or tinylfu)
 * @param leaseRenewal  how often the front end renews its lease at the catalog (env
 *                      {@code BAZAAR_CACHE_LEASE_RENEWAL}); well under the catalog's {@code frontend-lease}
 * @param advertisedUrl where the catalog reaches this front end to push evictions (env
 *                      {@code BAZAAR_CACHE_ADVERTISED_URL}; default: {@code http://<server.address>:<port>}, with
 *                      127.0.0.1 for a wildcard address)
 */
@ConfigurationProperties(prefix = "bazaar.cache")
public record CacheProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("5") int size,
        @DefaultValue("lru") CachePolicy policy,
        @DefaultValue("250ms") Duration leaseRenewal,
        URI advertisedUrl) {

    @ConstructorBinding
    public CacheProperties {
        if (size < 1) {
            throw new IllegalArgumentException("bazaar.cache.size must be at least 1, was " + size);
        }
        if (leaseRenewal == null || leaseRenewal.isNegative() || leaseRenewal.isZero()) {
            throw new IllegalArgumentException("bazaar.cache.lease-renewal must be positive, was " + leaseRenewal);
        }
    }

    /** The cache settings with the lease's at their defaults. */
    public CacheProperties(boolean enabled, int size, CachePolicy policy) {
        this(enabled, size, policy, Duration.ofMillis(250), null);
    }
}
