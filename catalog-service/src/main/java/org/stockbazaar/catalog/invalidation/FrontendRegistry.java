package org.stockbazaar.catalog.invalidation;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
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

    /**
     * What a front end is told: how long its lease lasts, under which registration, and which stocks to drop from its
     * cache ({@link #defer}).
     */
    record Grant(long registration, Duration lease, Map<String, Long> evict) {
    }

    private final long leaseNanos;
    private final LongSupplier nanoClock;
    private final Map<String, Lease> leases = new LinkedHashMap<>();
    /** Evictions for each front end that go with its next renewal's answer, with versions ({@link #defer}). */
    private final Map<String, Map<String, Long>> deferred = new HashMap<>();
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
        boolean fresh = lease == null || !lease.url().equals(url) || lease.until() - now <= 0;
        if (fresh) {
            lease = new Lease(id, url, ++registrations, now + leaseNanos);
            log.info("Front end {} at {} registered (registration {})", id, url, lease.registration());
        } else {
            lease = new Lease(id, url, lease.registration(), now + leaseNanos);
        }
        leases.put(id, lease);
        // under a new registration the front end empties its cache, and the evictions for its old one go with it
        Map<String, Long> evict = deferred.remove(id);
        return new Grant(lease.registration(), Duration.ofNanos(leaseNanos),
                evict == null || fresh ? Map.of() : Map.copyOf(evict));
    }

    /**
     * Evictions that a front end gets with the answer to its next renewal rather than pushed: those of trades it
     * routed itself, which it drops from its cache when it has their answers. They matter only when a trade was
     * applied after its front end stopped waiting for it (docs/cache.md, "The front end that routed a trade").
     * Each stock goes with its version after the trades (how many committed orders had been applied): the front end
     * drops only a value it read before that. Nothing is kept for a lease that has been replaced since it was read:
     * the new registration emptied the cache.
     */
    synchronized void defer(Lease lease, Map<String, Long> versions) {
        Lease now = leases.get(lease.id());
        if (now != null && now.registration() == lease.registration()) {
            Map<String, Long> kept = deferred.computeIfAbsent(lease.id(), id -> new LinkedHashMap<>());
            versions.forEach((name, version) -> kept.merge(name, version, Math::max));
        }
    }

    /** A front end that leaves on purpose (it stopped serving from its cache before it asked). */
    synchronized void leave(String id) {
        deferred.remove(id);
        if (leases.remove(id) != null) {
            log.info("Front end {} left", id);
        }
    }

    /** The leases that run now; expired ones are dropped (their front ends serve nothing from their caches). */
    synchronized List<Lease> current() {
        long now = nanoClock.getAsLong();
        leases.values().removeIf(lease -> lease.until() - now <= 0);
        deferred.keySet().retainAll(leases.keySet());
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
        deferred.remove(lease.id());
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
