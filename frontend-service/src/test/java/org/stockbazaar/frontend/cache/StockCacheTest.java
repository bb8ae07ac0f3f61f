package org.stockbazaar.frontend.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.cache.Cache;

class StockCacheTest {

    private static final String KEY = "GameStart";

    private final StockCache cache = LeasedCache.of(new CacheProperties(true, 5, CachePolicy.LRU));
    private final ExecutorService other = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopOtherThread() {
        other.shutdownNow();
    }

    @Test
    void countsAMissThenAHit() {
        assertThat(cache.get(KEY)).isNull();
        assertThat(cache.misses()).isEqualTo(1);
        assertThat(cache.hits()).isZero();

        cache.put(KEY, "quote");

        assertThat(cache.get(KEY).get()).isEqualTo("quote");
        assertThat(cache.get(KEY, String.class)).isEqualTo("quote");
        assertThat(cache.hits()).isEqualTo(2);
        assertThat(cache.misses()).isEqualTo(1);
    }

    @Test
    void loaderRunsOnceAndItsValueIsServedFromTheCache() {
        CountingLoader loader = new CountingLoader("quote");

        assertThat(cache.get(KEY, loader)).isEqualTo("quote");
        assertThat(cache.get(KEY, loader)).isEqualTo("quote");
        assertThat(cache.get(KEY, loader)).isEqualTo("quote");

        assertThat(loader.calls()).isEqualTo(1);
        assertThat(cache.misses()).isEqualTo(1);
        assertThat(cache.hits()).isEqualTo(2);
    }

    @Test
    void failingLoaderCachesNothingAndReportsTheCause() {
        IllegalStateException cause = new IllegalStateException("catalog down");

        assertThatThrownBy(() -> cache.get(KEY, () -> {
            throw cause;
        })).isInstanceOf(Cache.ValueRetrievalException.class).hasCause(cause);

        assertThat(cache.keysInEvictionOrder()).isEmpty();
    }

    @Test
    void nullFromTheLoaderIsNotCached() {
        CountingLoader loader = new CountingLoader(null);

        assertThat(cache.<String>get(KEY, loader)).isNull();
        assertThat(cache.<String>get(KEY, loader)).isNull();

        assertThat(loader.calls()).isEqualTo(2);
        assertThat(cache.keysInEvictionOrder()).isEmpty();
    }

    @Test
    void evictionsOfAFullCacheAreCountedButInvalidationsAreNot() {
        for (String key : new String[] {"A", "B", "C", "D", "E"}) {
            cache.get(key, () -> "quote of " + key);
        }
        assertThat(cache.evictions()).isZero();

        cache.get("F", () -> "quote of F");
        cache.get("G", () -> "quote of G");
        cache.evict("C");

        assertThat(cache.evictions()).isEqualTo(2);
        assertThat(cache.keysInEvictionOrder()).containsExactly("D", "E", "F", "G");
    }

    @Test
    void configuredSizeIsTheNumberOfEntriesKept() {
        StockCache small = LeasedCache.of(new CacheProperties(true, 2, CachePolicy.LRU));

        small.put("A", 1);
        small.put("B", 2);
        small.put("C", 3);

        assertThat(small.keysInEvictionOrder()).containsExactly("B", "C");
        assertThat(small.evictions()).isEqualTo(1);
        assertThat(small.get("A")).isNull();
    }

    @Test
    void evictRemovesTheKeyAndTheNextLookupLoadsAgain() {
        cache.put(KEY, "old");

        cache.evict(KEY);

        CountingLoader fresh = new CountingLoader("new");
        assertThat(cache.get(KEY, fresh)).isEqualTo("new");
        assertThat(fresh.calls()).isEqualTo(1);
    }

    @Test
    void valueReadBeforeAnInvalidationIsNotCachedWhenTheInvalidationArrivesDuringTheLoad() throws Exception {
        assertStaleLoadIsDropped(c -> c.evict(KEY));
    }

    @Test
    void valueReadBeforeAClearIsNotCachedWhenTheClearArrivesDuringTheLoad() throws Exception {
        assertStaleLoadIsDropped(StockCache::clear);
    }

    @Test
    void anEvictionUpToAVersionDropsOnlyAValueReadBeforeIt() {
        cache.put(KEY, new Versioned<>("read before the trade", 6));
        cache.put("BoarCo", new Versioned<>("read after the trade", 9));
        cache.put("MenhirCo", "no version");

        cache.evictOlderThan(KEY, 7);
        cache.evictOlderThan("BoarCo", 8);
        cache.evictOlderThan("MenhirCo", 1);

        assertThat(cache.keysInEvictionOrder()).containsExactly("BoarCo");
    }

    @Test
    void valueReadBeforeAnEvictionUpToAVersionIsNotCachedWhenItArrivesDuringTheLoad() throws Exception {
        cache.put(KEY, new Versioned<>("read after the trade", 9));
        cache.evict(KEY);
        assertStaleLoadIsDropped(c -> c.evictOlderThan(KEY, 8));
    }

    private void assertStaleLoadIsDropped(Consumer<StockCache> invalidation) throws Exception {
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<String> staleMiss = other.submit(() -> cache.get(KEY, () -> {
            loading.countDown();
            assertThat(release.await(5, TimeUnit.SECONDS)).isTrue();
            return "stale";
        }));
        assertThat(loading.await(5, TimeUnit.SECONDS)).isTrue();

        invalidation.accept(cache);
        release.countDown();

        // the miss still answers its own caller with what it read...
        assertThat(staleMiss.get(5, TimeUnit.SECONDS)).isEqualTo("stale");
        // ...but must not leave it behind for everyone else
        assertThat(cache.keysInEvictionOrder()).doesNotContain(KEY);
        CountingLoader fresh = new CountingLoader("fresh");
        assertThat(cache.get(KEY, fresh)).isEqualTo("fresh");
        assertThat(fresh.calls()).isEqualTo(1);
        assertThat(cache.get(KEY, fresh)).isEqualTo("fresh");
        assertThat(fresh.calls()).isEqualTo(1);
    }

    @Test
    void loadThatStartsAfterAnInvalidationIsCached() {
        cache.put(KEY, "old");
        cache.evict(KEY);
        cache.clear();

        CountingLoader fresh = new CountingLoader("fresh");
        assertThat(cache.get(KEY, fresh)).isEqualTo("fresh");

        assertThat(cache.keysInEvictionOrder()).containsExactly(KEY);
        assertThat(cache.get(KEY, fresh)).isEqualTo("fresh");
        assertThat(fresh.calls()).isEqualTo(1);
    }

    @Test
    void invalidatingAnotherKeyDuringALoadDoesNotStopItBeingCached() throws Exception {
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<String> miss = other.submit(() -> cache.get(KEY, () -> {
            loading.countDown();
            assertThat(release.await(5, TimeUnit.SECONDS)).isTrue();
            return "quote";
        }));
        assertThat(loading.await(5, TimeUnit.SECONDS)).isTrue();

        cache.evict("BoarCo");
        release.countDown();

        assertThat(miss.get(5, TimeUnit.SECONDS)).isEqualTo("quote");
        assertThat(cache.keysInEvictionOrder()).containsExactly(KEY);
    }

    private static final class CountingLoader implements Callable<String> {

        private final String value;
        private final AtomicInteger calls = new AtomicInteger();

        CountingLoader(String value) {
            this.value = value;
        }

        @Override
        public String call() {
            calls.incrementAndGet();
            return value;
        }

        int calls() {
            return calls.get();
        }
    }
}
