package org.stockbazaar.frontend.cache;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.env.Environment;
import org.springframework.http.MediaType;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.stockbazaar.frontend.FrontendProperties;
import org.stockbazaar.support.ApiData;
import org.stockbazaar.support.BindAddress;
import org.stockbazaar.support.JsonClient;
import org.stockbazaar.support.ServiceClients;
import tools.jackson.core.type.TypeReference;

/**
 * Registers this front end with the catalog, so that it pushes its evictions here, and keeps the {@link CacheLease}
 * running: a renewal every {@code bazaar.cache.lease-renewal}, one at a time, from one thread. The first is sent as
 * soon as the web server listens, before the front end reports ready. On shutdown the cache stops serving and the
 * front end tells the catalog it has left, so no trade waits for its lease to run out. Made by
 * {@link CatalogRegistrationConfiguration} when the cache is on.
 */
final class CatalogRegistration implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CatalogRegistration.class);
    private static final TypeReference<ApiData<Grant>> GRANT = new TypeReference<>() {
    };
    private static final ParameterizedTypeReference<ApiData<Grant>> LEGACY_GRANT =
            new ParameterizedTypeReference<>() {
            };

    private final StockCache cache;
    private final CacheProperties properties;
    private final Environment environment;
    /** The renewals, in frames where the catalog takes them (docs/internal-frames.md). */
    private final JsonClient leases;
    private final RestClient catalog;
    private final ScheduledExecutorService renewals = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "cache-lease");
        thread.setDaemon(true);
        return thread;
    });
    private volatile URI url;
    private volatile boolean running;
    private volatile boolean failing;

    CatalogRegistration(StockCache cache, CacheProperties properties, FrontendProperties frontend,
            ServiceClients clients, Environment environment) {
        this.cache = cache;
        this.properties = properties;
        this.environment = environment;
        this.leases = clients.json(frontend.catalogUrl().toString(), frontend.connectTimeout(),
                frontend.readTimeout());
        this.catalog = clients.internal(frontend.connectTimeout(), frontend.readTimeout())
                .baseUrl(frontend.catalogUrl().toString())
                .build();
    }

    /** The port is known once the server listens: register then, and renew from then on. */
    @EventListener
    void serverListening(WebServerInitializedEvent event) {
        if (event.getApplicationContext().getParent() != null || url != null) {
            return;
        }
        url = advertisedUrl(event.getWebServer().getPort());
        renew();
        long every = properties.leaseRenewal().toNanos();
        renewals.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.NANOSECONDS);
    }

    private URI advertisedUrl(int port) {
        if (properties.advertisedUrl() != null) {
            return properties.advertisedUrl();
        }
        // the scheme of this server's own port: https when Spring Boot serves it with TLS (the tls profile)
        Ssl ssl = Binder.get(environment).bind("server.ssl", Ssl.class).orElse(null);
        String scheme = Ssl.isEnabled(ssl) ? "https" : "http";
        return URI.create(scheme + "://" + BindAddress.urlHost(environment.getProperty("server.address")) + ":"
                + port);
    }

    private void renew() {
        long sentAt = System.nanoTime();
        try {
            ApiData<Grant> reply = grant(new Registration(cache.id(), url));
            if (reply == null || reply.data() == null) {
                throw new RestClientException("the catalog's answer holds no lease");
            }
            Grant grant = reply.data();
            cache.leaseGranted(sentAt, grant.registration(), Duration.ofMillis(grant.leaseMs()));
            // stocks changed by trades this front end routed, in case one was applied after it stopped waiting for it
            // (docs/cache.md, "The front end that routed a trade"); the catalog read them out for this answer
            if (grant.evict() != null) {
                grant.evict().forEach(cache::evictOlderThan);
            }
            if (failing) {
                failing = false;
                log.info("Registered with the catalog again as {} (registration {})", url, grant.registration());
            }
        } catch (RestClientException e) {
            // the catalog may have answered with evictions that never arrived: nothing cached so far is trusted
            cache.clear();
            if (!failing) {
                failing = true;
                log.warn("Could not renew the cache's lease at the catalog ({}): the cache serves nothing once it "
                        + "runs out", e.getMessage());
            }
        }
    }

    /**
     * The catalog's answer to a registration or renewal: at {@code POST /internal/leases}, which goes in frames; a
     * catalog of an earlier version, which answers 404 there, at {@code POST /internal/frontends}.
     */
    private ApiData<Grant> grant(Registration registration) {
        try {
            return leases.post("/internal/leases", registration, GRANT);
        } catch (HttpClientErrorException.NotFound olderCatalog) {
            return catalog.post().uri("/internal/frontends").contentType(MediaType.APPLICATION_JSON)
                    .body(registration).retrieve().body(LEGACY_GRANT);
        }
    }

    @Override
    public void start() {
        running = true;
    }

    /** Stops serving from the cache, then leaves the catalog, before the web server stops. */
    @Override
    public void stop() {
        running = false;
        renewals.shutdownNow();
        cache.leaseEnded();
        if (url != null) {
            try {
                catalog.delete().uri("/internal/frontends/{id}", cache.id()).retrieve().toBodilessEntity();
            } catch (RestClientException e) {
                log.info("Could not tell the catalog that this front end leaves: {}", e.getMessage());
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    record Registration(String id, URI url) {
    }

    /**
     * @param evict stocks to drop if what the cache holds of them is older than the version given: changed by trades
     *     this front end routed, perhaps after it stopped waiting for them
     */
    record Grant(long registration, long leaseMs, Map<String, Long> evict) {
    }
}
