package org.stockbazaar.frontend.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What the cache serves and keeps as its lease at the catalog starts, runs out and is granted anew. */
class CacheLeaseTest {

    private static final long SECOND = 1_000_000_000L;

    private long now = 10 * SECOND;
    private final StockCache cache = new StockCache(new CacheProperties(true, 5, CachePolicy.LRU),
            new CacheLease(() -> now));
    private final AtomicInteger catalogCalls = new AtomicInteger();

    private Object lookup(String name) {
        return cache.get(name, () -> name + "@" + catalogCalls.incrementAndGet());
    }

    @Test
    void withoutALeaseEveryLookupGoesToTheCatalogAndNothingIsKept() {
        lookup("GameStart");
        lookup("GameStart");

        assertThat(catalogCalls).hasValue(2);
        assertThat(cache.hits()).isZero();
        assertThat(cache.keysInEvictionOrder()).isEmpty();
    }

    @Test
    void whileTheLeaseRunsARepeatedLookupIsAHitAndOnceItHasRunOutItIsNot() {
        cache.leaseGranted(now, 1, Duration.ofSeconds(1));
        assertThat(lookup("GameStart")).isEqualTo("GameStart@1");
        assertThat(lookup("GameStart")).isEqualTo("GameStart@1");

        now += SECOND;

        assertThat(lookup("GameStart")).isEqualTo("GameStart@2");
        assertThat(cache.hits()).isEqualTo(1);
    }

    @Test
    void theLeaseCountsFromWhenItsRequestWasSentLessATenthForTheClocks() {
        cache.leaseGranted(now - SECOND / 2, 1, Duration.ofSeconds(1));
        lookup("GameStart");
        assertThat(cache.leaseValid()).isTrue();

        now += SECOND * 4 / 10;

        assertThat(cache.leaseValid()).isFalse();
        assertThat(lookup("GameStart")).isEqualTo("GameStart@2");
    }

    @Test
    void aRenewalUnderTheSameRegistrationKeepsTheCacheAndANewRegistrationEmptiesIt() {
        cache.leaseGranted(now, 1, Duration.ofSeconds(1));
        lookup("GameStart");
        now += SECOND / 2;
        cache.leaseGranted(now, 1, Duration.ofSeconds(1));
        now += SECOND / 2;

        assertThat(lookup("GameStart")).isEqualTo("GameStart@1");

        // the catalog had dropped this front end: it may have missed evictions meanwhile
        cache.leaseGranted(now, 2, Duration.ofSeconds(1));

        assertThat(cache.keysInEvictionOrder()).isEmpty();
        assertThat(lookup("GameStart")).isEqualTo("GameStart@2");
    }

    @Test
    void aValueReadFromTheCatalogWhileTheLeaseRanOutIsNotKept() {
        cache.leaseGranted(now, 1, Duration.ofSeconds(1));

        cache.get("GameStart", () -> {
            now += SECOND;
            return "stale";
        });

        cache.leaseGranted(now, 1, Duration.ofSeconds(1));
        assertThat(lookup("GameStart")).isEqualTo("GameStart@1");
    }

    @Test
    void aValueReadFromTheCatalogAcrossANewRegistrationIsNotKept() {
        cache.leaseGranted(now, 1, Duration.ofSeconds(1));

        cache.get("GameStart", () -> {
            cache.leaseGranted(now, 2, Duration.ofSeconds(1));
            return "read before the new registration";
        });

        assertThat(lookup("GameStart")).isEqualTo("GameStart@1");
    }

    @Test
    void aFrontEndThatLeavesServesNothingMoreFromItsCache() {
        cache.leaseGranted(now, 1, Duration.ofSeconds(1));
        lookup("GameStart");

        cache.leaseEnded();

        assertThat(lookup("GameStart")).isEqualTo("GameStart@2");
    }

    @Test
    void aGrantArrivingAfterTheFrontEndBeganToLeaveDoesNotLetItServeAgain() {
        cache.leaseGranted(now, 1, Duration.ofSeconds(1));
        long renewalSent = now;
        cache.leaseEnded();

        // the answer to a renewal that was on its way when the front end stopped
        cache.leaseGranted(renewalSent, 1, Duration.ofSeconds(1));

        assertThat(cache.leaseValid()).isFalse();
        lookup("GameStart");
        assertThat(lookup("GameStart")).isEqualTo("GameStart@2");
    }
}
