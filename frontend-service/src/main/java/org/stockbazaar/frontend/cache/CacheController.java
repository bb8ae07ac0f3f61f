package org.stockbazaar.frontend.cache;

import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.stockbazaar.support.ApiData;
import org.stockbazaar.support.ApiException;

/** Internal: the catalog's invalidation push, and a view of the cache for operators and the evaluation. */
@RestController
class CacheController {

    private final Optional<StockCache> cache;
    private final CacheProperties properties;

    CacheController(Optional<StockCache> cache, CacheProperties properties) {
        this.cache = cache;
        this.properties = properties;
    }

    @GetMapping("/internal/cache")
    ApiData<CacheView> view() {
        return ApiData.of(cache.map(c -> new CacheView(true, properties.policy().name().toLowerCase(),
                        properties.size(), c.keysInEvictionOrder(), c.hits(), c.misses(), c.evictions(),
                        c.leaseView()))
                .orElseGet(() -> new CacheView(false, properties.policy().name().toLowerCase(), properties.size(),
                        List.of(), 0, 0, 0, null)));
    }

    @DeleteMapping("/internal/cache/{name}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void invalidate(@PathVariable String name) {
        cache.ifPresent(c -> c.evict(name));
    }

    /** The catalog's group push: every stock changed by the trades it is about to acknowledge. */
    @PostMapping("/internal/cache/evictions")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void invalidate(@RequestBody Evictions evictions) {
        cache.ifPresent(c -> evictions.names().forEach(c::evict));
    }

    @DeleteMapping("/internal/cache")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void clear() {
        cache.ifPresent(StockCache::clear);
    }

    record Evictions(List<String> names) {

        Evictions {
            if (names == null || names.contains(null)) {
                throw ApiException.badRequest("names must be a list of stock names");
            }
        }
    }

    /**
     * @param keys  the cached stock names, the next to be evicted first
     * @param lease this front end's lease at the catalog: while none runs, the cache serves and keeps nothing
     */
    record CacheView(boolean enabled, String policy, int capacity, List<Object> keys, long hits, long misses,
            long evictions, StockCache.LeaseView lease) {
    }
}
