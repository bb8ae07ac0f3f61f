package org.stockbazaar.frontend.cache;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.support.NoOpCacheManager;
import org.springframework.cache.support.SimpleCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;


/** One cache, {@value StockCache#NAME}, or none at all when {@code bazaar.cache.enabled=false}. */
@Configuration(proxyBeanMethods = false)
@EnableCaching
class CacheConfiguration {

    @Bean
    @ConditionalOnProperty(prefix = "bazaar.cache", name = "enabled", havingValue = "true", matchIfMissing = true)
    StockCache stockCache(CacheProperties properties, ObjectProvider<MeterRegistry> meters) {
        StockCache cache = new StockCache(properties);
        meters.ifAvailable(registry -> {
            FunctionCounter.builder("bazaar.cache.hits", cache, StockCache::hits).register(registry);
            FunctionCounter.builder("bazaar.cache.misses", cache, StockCache::misses).register(registry);
            FunctionCounter.builder("bazaar.cache.evictions", cache, StockCache::evictions).register(registry);
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
