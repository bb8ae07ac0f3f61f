package org.stockbazaar.catalog.invalidation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.stockbazaar.catalog.CatalogProperties;
import org.stockbazaar.support.ServiceClients;

/**
 * Tells every registered front end to drop a stock from its cache, before the trade that changed it is
 * acknowledged. A front end that does not answer in time is revoked ({@link FrontendRegistry}), and the push returns
 * once that front end's lease has run out, when it serves nothing from its cache any more: so after a trade is
 * acknowledged no front end serves a value from before it, and a front end that stopped answering holds trades up
 * for one lease at the most.
 *
 * <p>Not pushed to the front end that routed a trade and waits for its answer: that one drops the stock itself once
 * answered, and gets the eviction with its next lease renewal too, for a trade applied after it stopped waiting
 * (docs/cache.md, "The front end that routed a trade"). With one front end, a trade makes no push at all.
 *
 * <p>Group push, as the journal's group fsync: trades that change stocks while a push is on its way are sent
 * together in the next one ({@code POST /internal/cache/evictions}), so under load a front end gets far fewer
 * requests than there are trades. {@link #stocksChanged} still returns only once a push that holds its stocks has
 * been answered. A batch of trades makes one call with every stock it changed. The front ends are told at once, each
 * on a virtual thread of its own, so one that does not answer holds a trade up for the same time as with one front
 * end, however many there are.
 */
@Component
public class FrontendInvalidator {

    private static final Logger log = LoggerFactory.getLogger(FrontendInvalidator.class);

    private final FrontendRegistry registry;
    private final RestClient http;
    /** Changed stocks not yet taken by a push, and tickets: the n-th call to stocksChanged holds ticket n. */
    private final Map<String, Change> pending = new LinkedHashMap<>();
    private long lastTicket;
    /** Every ticket up to this one went out in a push that has been answered (written under pushLock). */
    private volatile long pushedThrough;
    private final Object pushLock = new Object();
    /** One virtual thread per push to a front end, when there are several. */
    private final ExecutorService pushers = Executors.newVirtualThreadPerTaskExecutor();

    FrontendInvalidator(CatalogProperties properties, ServiceClients clients, FrontendRegistry registry) {
        this.registry = registry;
        this.http = clients.internal(properties.invalidationTimeout(), properties.invalidationTimeout()).build();
    }

    /**
     * How a stock changed: the front end that routed every order on it and drops it itself once answered (a cache id;
     * null if none does), and the stock's version after them (how many committed orders had been applied).
     */
    public record Change(String routedBy, long version) {
    }

    /** Adds a change of stock {@code name} to {@code changed}, merged with one there already. */
    public static void add(Map<String, Change> changed, String name, String routedBy, long version) {
        Change before = changed.get(name);
        changed.put(name, before == null ? new Change(routedBy, version) : new Change(
                Objects.equals(before.routedBy(), routedBy) ? routedBy : null, Math.max(before.version(), version)));
    }

    /**
     * Returns once every front end was told to drop each changed stock, or its lease has run out. A stock's front
     * end that routed every order on it and drops it itself once answered is not pushed it, but gets it with its
     * next renewal ({@link FrontendRegistry#defer}).
     */
    public void stocksChanged(Map<String, Change> changed) {
        if (changed.isEmpty()) {
            return;
        }
        long ticket;
        synchronized (pending) {
            changed.forEach((name, change) -> add(pending, name, change.routedBy(), change.version()));
            ticket = ++lastTicket;
        }
        if (pushedThrough >= ticket) {
            return;
        }
        synchronized (pushLock) {
            // a push that started after this stock was queued took it with the others, and has been answered
            if (pushedThrough >= ticket) {
                return;
            }
            Map<String, Change> batch;
            long through;
            synchronized (pending) {
                batch = new LinkedHashMap<>(pending);
                pending.clear();
                through = lastTicket;
            }
            push(batch);
            pushedThrough = through;
        }
    }

    /**
     * Pushes to every front end at once (one alone from this thread), so a trade waits for the slowest answer,
     * not for the sum of them; then waits out the lease of any that did not answer. A front end is pushed only the
     * stocks it does not drop itself; those it does are kept for its next renewal.
     */
    private void push(Map<String, Change> changed) {
        List<Map.Entry<FrontendRegistry.Lease, Set<String>>> pushes = new ArrayList<>();
        for (FrontendRegistry.Lease frontend : registry.current()) {
            Set<String> told = new LinkedHashSet<>();
            Map<String, Long> itsOwn = new LinkedHashMap<>();
            changed.forEach((name, change) -> {
                if (frontend.id().equals(change.routedBy())) {
                    itsOwn.put(name, change.version());
                } else {
                    told.add(name);
                }
            });
            if (!itsOwn.isEmpty()) {
                registry.defer(frontend, itsOwn);
            }
            if (!told.isEmpty()) {
                pushes.add(Map.entry(frontend, told));
            }
        }
        long servesUntil = System.nanoTime();
        if (pushes.size() == 1) {
            servesUntil = later(servesUntil, pushTo(pushes.getFirst().getKey(), pushes.getFirst().getValue()));
        } else {
            List<CompletableFuture<Long>> answers = pushes.stream()
                    .map(each -> CompletableFuture.supplyAsync(() -> pushTo(each.getKey(), each.getValue()), pushers))
                    .toList();
            for (CompletableFuture<Long> answer : answers) {
                servesUntil = later(servesUntil, answer.join());
            }
        }
        waitUntil(servesUntil);
    }

    /** Tells one front end; the {@code nanoTime} until which it may still serve what it cached (now, if told). */
    private long pushTo(FrontendRegistry.Lease frontend, Set<String> names) {
        try {
            http.post().uri(frontend.url() + "/internal/cache/evictions").contentType(MediaType.APPLICATION_JSON)
                    .body(Map.of("names", names)).retrieve().toBodilessEntity();
            return System.nanoTime();
        } catch (RestClientException e) {
            log.warn("Could not invalidate {} in the cache of front end {} at {}: {}", names, frontend.id(),
                    frontend.url(), e.getMessage());
            return registry.revoke(frontend);
        }
    }

    private static long later(long a, long b) {
        return b - a > 0 ? b : a;
    }

    private void waitUntil(long nanoTime) {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }
}
