package org.stockbazaar.catalog.invalidation;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.stockbazaar.catalog.CatalogProperties;

/**
 * The front ends whose caches the catalog keeps coherent, each holding a lease (docs/cache.md, "Several front
 * ends"). A front end registers and renews with {@link #renew}; the catalog pushes its evictions to every front end
 * whose lease runs. A front end that a push cannot reach is {@link #revoke revoked}: dropped at once, and the push
 * waits until the lease it was last granted has run out, since until then it may still serve what it cached.
 *
 * <p>Each grant carries a registration number, new whenever the front end was not registered (first contact, an
 * expired lease, a revocation, a catalog restart). A front end that sees a new number empties its cache before it
 * serves from it again: it may have missed pushes meanwhile. Times are {@link System#nanoTime} readings.
 */
@Component
final class FrontendRegistry {

    private static final Logger log = LoggerFactory.getLogger(FrontendRegistry.class);

    /** A running lease: {@code until} in nanoTime, as seen here (later than the front end's own view of it). */
    record Lease(String id, URI url, long registration, long until) {
    }

    /** What a front end is told: how long its lease lasts, and under which registration. */
    record Grant(long registration, Duration lease) {
    }

    private final long leaseNanos;
    private final LongSupplier nanoClock;
    private final Map<String, Lease> leases = new LinkedHashMap<>();
    private long registrations;

    @Autowired
    FrontendRegistry(CatalogProperties properties) {
        this(properties.frontendLease(), System::nanoTime);
    }

    FrontendRegistry(Duration lease, LongSupplier nanoClock) {
        this.leaseNanos = lease.toNanos();
        this.nanoClock = nanoClock;
    }

    /** Registers {@code id} at {@code url}, or renews its lease: the lease counts from now, when the request is here. */
    synchronized Grant renew(String id, URI url) {
        long now = nanoClock.getAsLong();
        Lease lease = leases.get(id);
        if (lease == null || !lease.url().equals(url) || lease.until() - now <= 0) {
            lease = new Lease(id, url, ++registrations, now + leaseNanos);
            log.info("Front end {} at {} registered (registration {})", id, url, lease.registration());
        } else {
            lease = new Lease(id, url, lease.registration(), now + leaseNanos);
        }
        leases.put(id, lease);
        return new Grant(lease.registration(), Duration.ofNanos(leaseNanos));
    }

    /** A front end that leaves on purpose (it stopped serving from its cache before it asked). */
    synchronized void leave(String id) {
        if (leases.remove(id) != null) {
            log.info("Front end {} left", id);
        }
    }

    /** The leases that run now; expired ones are dropped (their front ends serve nothing from their caches). */
    synchronized List<Lease> current() {
        long now = nanoClock.getAsLong();
        leases.values().removeIf(lease -> lease.until() - now <= 0);
        return List.copyOf(leases.values());
    }

    /**
     * Drops a front end that a push could not reach, unless it registered anew since {@code lease} was read (a new
     * registration has emptied its cache). Returns when the front end stops serving from its cache at the latest,
     * in nanoTime: the end of the last lease it was granted.
     */
    synchronized long revoke(Lease lease) {
        Lease now = leases.get(lease.id());
        if (now == null || now.registration() != lease.registration()) {
            return lease.until();
        }
        leases.remove(lease.id());
        log.warn("Front end {} at {} revoked: it missed an eviction; it must empty its cache to register again",
                lease.id(), lease.url());
        return Math.max(now.until(), lease.until());
    }

    /** For operators: every running lease, with the time it has left. */
    synchronized List<LeaseView> describe() {
        long now = nanoClock.getAsLong();
        return current().stream().map(lease -> new LeaseView(lease.id(), lease.url(), lease.registration(),
                Math.max(0, (lease.until() - now) / 1_000_000))).toList();
    }

    record LeaseView(String id, URI url, long registration, long leaseLeftMs) {
    }
}
