package org.stockbazaar.frontend.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.support.NoOpCacheManager;
import org.springframework.context.annotation.Configuration;

class CacheConfigurationTest {

    private final ApplicationContextRunner contexts = new ApplicationContextRunner()
            .withUserConfiguration(CacheConfiguration.class, Properties.class)
            .withBean(CountingCatalog.class);

    @Test
    void disabledCacheSendsEveryLookupToTheCatalog() {
        contexts.withPropertyValues("bazaar.cache.enabled=false").run(context -> {
            assertThat(context).hasNotFailed();
            // the bean method returned null: nothing to inject (CacheConfiguration says why it is not a condition)
            assertThat(context.getBeanProvider(StockCache.class).getIfAvailable()).isNull();
            assertThat(context.getBean(CacheManager.class)).isInstanceOf(NoOpCacheManager.class);

            CountingCatalog catalog = context.getBean(CountingCatalog.class);
            catalog.lookup("GameStart");
            catalog.lookup("GameStart");
            catalog.lookup("GameStart");

            assertThat(catalog.calls()).isEqualTo(3);
        });
    }

    @Test
    void enabledCacheAnswersARepeatedLookupItself() {
        contexts.withPropertyValues("bazaar.cache.enabled=true").run(context -> {
            StockCache cache = LeasedCache.holdingLease(context.getBean(StockCache.class));
            assertThat(context.getBean(CacheManager.class).getCache(StockCache.NAME)).isSameAs(cache);

            CountingCatalog catalog = context.getBean(CountingCatalog.class);
            catalog.lookup("GameStart");
            catalog.lookup("GameStart");
            catalog.lookup("GameStart");

            assertThat(catalog.calls()).isEqualTo(1);
            assertThat(cache.hits()).isEqualTo(2);
            assertThat(cache.keysInEvictionOrder()).containsExactly("GameStart");
        });
    }

    @Test
    void cacheIsOnWithFiveLruEntriesByDefault() {
        contexts.run(context -> {
            StockCache cache = context.getBean(StockCache.class);

            assertThat(cache.properties()).isEqualTo(new CacheProperties(true, 5, CachePolicy.LRU));
            assertThat(cache.getNativeCache()).isInstanceOf(LruStore.class);
        });
    }

    @Test
    void configuredSizeAndPolicyAreTheOnesUsed() {
        contexts.withPropertyValues("bazaar.cache.size=3", "bazaar.cache.policy=tinylfu").run(context -> {
            StockCache cache = LeasedCache.holdingLease(context.getBean(StockCache.class));
            assertThat(cache.getNativeCache()).isInstanceOf(TinyLfuStore.class);

            for (int i = 0; i < 10; i++) {
                cache.put("stock" + i, i);
            }

            assertThat(cache.keysInEvictionOrder()).hasSize(3);
            assertThat(cache.evictions()).isEqualTo(7);
        });
    }

    @Test
    void sizeZeroStopsTheStart() {
        contexts.withPropertyValues("bazaar.cache.size=0").run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bazaar.cache.size must be at least 1, was 0"));
    }

    @Test
    void propertiesRefuseASizeBelowOne() {
        assertThatThrownBy(() -> new CacheProperties(true, 0, CachePolicy.LRU))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1");
        assertThat(new CacheProperties(true, 1, CachePolicy.LRU).size()).isEqualTo(1);
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(CacheProperties.class)
    static class Properties {
    }

    /** Stands in for the catalog behind a lookup cached the way {@code StockLookup} caches it. */
    static class CountingCatalog {

        private final AtomicInteger calls = new AtomicInteger();

        @Cacheable(cacheNames = StockCache.NAME, sync = true)
        public String lookup(String name) {
            calls.incrementAndGet();
            return "quote of " + name;
        }

        public int calls() {
            return calls.get();
        }
    }
}
