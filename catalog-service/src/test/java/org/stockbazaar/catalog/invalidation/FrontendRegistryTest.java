package org.stockbazaar.catalog.invalidation;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Leases and registration numbers, on a clock the test moves. */
class FrontendRegistryTest {

    private static final URI FE1 = URI.create("http://127.0.0.2:8091");
    private static final URI FE2 = URI.create("http://127.0.0.3:8091");
    private static final long SECOND = 1_000_000_000L;

    private long now = 5 * SECOND;
    private final FrontendRegistry registry = new FrontendRegistry(Duration.ofSeconds(1), () -> now);

    @Test
    void aRenewalWithinTheLeaseKeepsTheRegistrationAndMovesTheLeaseOn() {
        long first = registry.renew("fe-1", FE1).registration();
        now += SECOND / 2;
        FrontendRegistry.Grant renewed = registry.renew("fe-1", FE1);

        assertThat(renewed.registration()).isEqualTo(first);
        assertThat(renewed.lease()).isEqualTo(Duration.ofSeconds(1));
        assertThat(registry.current()).singleElement()
                .satisfies(lease -> assertThat(lease.until()).isEqualTo(now + SECOND));
    }

    @Test
    void aFrontEndWhoseLeaseRanOutIsNoLongerPushedToAndComesBackUnderANewRegistration() {
        long first = registry.renew("fe-1", FE1).registration();
        registry.renew("fe-2", FE2);
        now += SECOND / 2;
        registry.renew("fe-2", FE2);
        now += SECOND / 2;

        assertThat(registry.current()).extracting(FrontendRegistry.Lease::id).containsExactly("fe-2");
        assertThat(registry.renew("fe-1", FE1).registration()).isNotEqualTo(first);
    }

    @Test
    void evictionsKeptForAFrontEndGoWithItsNextRenewalOnceAndNotIntoANewRegistration() {
        registry.renew("fe-1", FE1);
        FrontendRegistry.Lease lease = registry.current().getFirst();
        registry.defer(lease, Map.of("GameStart", 4L, "BoarCo", 5L));
        registry.defer(lease, Map.of("GameStart", 6L));

        // each stock once, with the newest version it must not be older than
        assertThat(registry.renew("fe-1", FE1).evict()).isEqualTo(Map.of("GameStart", 6L, "BoarCo", 5L));
        assertThat(registry.renew("fe-1", FE1).evict()).isEmpty();

        registry.defer(registry.current().getFirst(), Map.of("MenhirCo", 7L));
        now += 2 * SECOND;
        // the lease ran out: the front end registers anew and empties its whole cache
        assertThat(registry.renew("fe-1", FE1).evict()).isEmpty();
        registry.defer(lease, Map.of("AAPL", 8L));
        assertThat(registry.renew("fe-1", FE1).evict()).isEmpty();
    }

    @Test
    void aRevokedFrontEndIsDroppedAndThePushWaitsForTheLastLeaseItWasGranted() {
        registry.renew("fe-1", FE1);
        FrontendRegistry.Lease pushedTo = registry.current().getFirst();
        now += SECOND / 4;
        registry.renew("fe-1", FE1);
        long renewedUntil = now + SECOND;

        // the lease read by the push is older than the renewal: the push must wait for the renewed one
        assertThat(registry.revoke(pushedTo)).isEqualTo(renewedUntil);
        assertThat(registry.current()).isEmpty();
        assertThat(registry.renew("fe-1", FE1).registration()).isNotEqualTo(pushedTo.registration());
    }

    @Test
    void revokingAFrontEndThatRegisteredAnewSinceLeavesTheNewRegistration() {
        registry.renew("fe-1", FE1);
        FrontendRegistry.Lease old = registry.current().getFirst();
        now += 2 * SECOND;
        long fresh = registry.renew("fe-1", FE1).registration();

        assertThat(registry.revoke(old)).isEqualTo(old.until());
        assertThat(registry.current()).singleElement()
                .satisfies(lease -> assertThat(lease.registration()).isEqualTo(fresh));
    }

    @Test
    void aFrontEndThatLeavesIsNoLongerPushedTo() {
        registry.renew("fe-1", FE1);
        registry.renew("fe-2", FE2);

        registry.leave("fe-1");

        assertThat(registry.current()).extracting(FrontendRegistry.Lease::url).containsExactly(FE2);
    }
}
