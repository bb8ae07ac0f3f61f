package org.stockbazaar.frontend.cache;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.support.NoOpCacheManager;
import org.springframework.cache.support.SimpleCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One cache, {@value StockCache#NAME}, or none at all when {@code bazaar.cache.enabled=false}.
 *
 * <p>Decided when the beans are made, not by a condition on the property: Spring's ahead-of-time processing fixes
 * at build time which bean definitions exist (docs/performance.md, "Start-up"), and the same jar must run with the
 * cache on or off. A {@code @Bean} method that returns null leaves no bean of its type (Spring registers a
 * placeholder), so whatever takes an {@code Optional<StockCache>} sees none.
 */
@Configuration(proxyBeanMethods = false)
@EnableCaching
class CacheConfiguration {

    @Bean
    StockCache stockCache(CacheProperties properties, ObjectProvider<MeterRegistry> meters) {
        if (!properties.enabled()) {
            return null;
        }
        StockCache cache = new StockCache(properties);
        meters.ifAvailable(registry -> {
            FunctionCounter.builder("bazaar.cache.hits", cache, StockCache::hits)
                    .description("lookups the stock cache answered").register(registry);
            FunctionCounter.builder("bazaar.cache.misses", cache, StockCache::misses)
                    .description("lookups that went to the catalog").register(registry);
            FunctionCounter.builder("bazaar.cache.evictions", cache, StockCache::evictions)
                    .description("entries dropped to make room, by the cache's policy (not a traded stock's)")
                    .register(registry);
        });
        return cache;
    }

    @Bean
    CacheManager cacheManager(Optional<StockCache> stockCache) {
        if (stockCache.isEmpty()) {
            return new NoOpCacheManager();
        }
        SimpleCacheManager manager = new SimpleCacheManager();
        manager.setCaches(List.of(stockCache.get()));
        return manager;
    }
}
