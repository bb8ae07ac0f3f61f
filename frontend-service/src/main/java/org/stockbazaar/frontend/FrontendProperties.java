package org.stockbazaar.frontend;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.NavigableMap;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.stockbazaar.support.ReplicaList;

/**
 * @param catalogUrl     the catalog service (env {@code BAZAAR_FRONTEND_CATALOG_URL})
 * @param connectTimeout how long to wait for a connection to another service; also the read timeout of a replica
 *                       status probe, so that a hung replica delays a leader selection by no more than this
 * @param readTimeout    how long to wait for another service's answer
 * @param replicas       the order replicas as {@code id=url} (env {@code BAZAAR_FRONTEND_REPLICAS}, comma-separated)
 * @param orderDeadline  how long a trade or an order query may spend retrying across leader changes before the
 *                       client gets 503 (504 for a trade that reached a leader: its outcome is unknown); also how
 *                       long a replica asked to lead may take to win its election
 * @param replicaTimeout how long to wait for a replica's answer to a trade or an order query
 * @param tradeSenders   how many batches of trades may be on their way to the leader at once (docs/replication.md,
 *                       "Batches"); trades arriving while all are out wait and leave together in the next batch,
 *                       and a batch leaves beside another only once it is no smaller than the last that left. Two
 *                       by default: the leader's two stages (the commit, then the catalog) each work on one
 *                       (docs/performance.md, "Batches on their way at once")
 * @param orderCacheSize how many committed orders the front end keeps to answer order queries itself (0: none),
 *                       rounded up to whole blocks of 512 (about 16 bytes an order); an order never changes once
 *                       committed, so a kept one is never stale
 */
@ConfigurationProperties(prefix = "bazaar.frontend")
public record FrontendProperties(
        @DefaultValue("http://127.0.0.1:8092") URI catalogUrl,
        @DefaultValue("300ms") Duration connectTimeout,
        @DefaultValue("2s") Duration readTimeout,
        @DefaultValue({"1=http://127.0.0.1:8093", "2=http://127.0.0.1:8094", "3=http://127.0.0.1:8095"})
        List<String> replicas,
        @DefaultValue("10s") Duration orderDeadline,
        @DefaultValue("2s") Duration replicaTimeout,
        @DefaultValue("2") int tradeSenders,
        @DefaultValue("1000000") int orderCacheSize) {

    private static final List<String> DEFAULT_REPLICAS =
            List.of("1=http://127.0.0.1:8093", "2=http://127.0.0.1:8094", "3=http://127.0.0.1:8095");

    /** A bad replica list stops the start: a typo found at the first order would be found too late. */
    @ConstructorBinding
    public FrontendProperties {
        replicas = List.copyOf(replicas);
        parseReplicas(replicas);
        requirePositive("bazaar.frontend.order-deadline", orderDeadline);
        requirePositive("bazaar.frontend.replica-timeout", replicaTimeout);
        if (tradeSenders < 1 || tradeSenders > 64) {
            throw new IllegalArgumentException("bazaar.frontend.trade-senders must be 1 to 64, was " + tradeSenders);
        }
        if (orderCacheSize < 0) {
            throw new IllegalArgumentException("bazaar.frontend.order-cache-size must be 0 or more, was "
                    + orderCacheSize);
        }
    }

    /** The catalog settings alone, every order setting at its default. */
    public FrontendProperties(URI catalogUrl, Duration connectTimeout, Duration readTimeout) {
        this(catalogUrl, connectTimeout, readTimeout, DEFAULT_REPLICAS, Duration.ofSeconds(10), Duration.ofSeconds(2),
                2, 1_000_000);
    }

    /** The replicas' base URLs by id, lowest id first. */
    public NavigableMap<Integer, URI> replicaUrls() {
        return parseReplicas(replicas);
    }

    private static NavigableMap<Integer, URI> parseReplicas(List<String> entries) {
        return ReplicaList.parse("bazaar.frontend.replicas", entries);
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
