package org.stockbazaar.catalog.invalidation;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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
    private final Set<String> pending = new LinkedHashSet<>();
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

    /** Returns once every front end was told to drop each of {@code names}, or its lease has run out. */
    public void stocksChanged(Collection<String> names) {
        if (names.isEmpty()) {
            return;
        }
        long ticket;
        synchronized (pending) {
            pending.addAll(names);
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
            Set<String> batch;
            long through;
            synchronized (pending) {
                batch = new LinkedHashSet<>(pending);
                pending.clear();
                through = lastTicket;
            }
            push(batch);
            pushedThrough = through;
        }
    }

    /**
     * Pushes to every front end at once (one alone from this thread), so a trade waits for the slowest answer,
     * not for the sum of them; then waits out the lease of any that did not answer.
     */
    private void push(Set<String> names) {
        List<FrontendRegistry.Lease> frontends = registry.current();
        long servesUntil = System.nanoTime();
        if (frontends.size() == 1) {
            servesUntil = later(servesUntil, pushTo(frontends.getFirst(), names));
        } else {
            List<CompletableFuture<Long>> answers = frontends.stream()
                    .map(frontend -> CompletableFuture.supplyAsync(() -> pushTo(frontend, names), pushers))
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
