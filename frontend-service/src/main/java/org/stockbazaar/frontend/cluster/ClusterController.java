package org.stockbazaar.frontend.cluster;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClientException;
import org.stockbazaar.frontend.FrontendProperties;
import org.stockbazaar.frontend.cache.CacheProperties;
import org.stockbazaar.frontend.cache.StockCache;
import org.stockbazaar.frontend.cache.Versioned;
import org.stockbazaar.frontend.order.AcknowledgedTrades;
import org.stockbazaar.frontend.leader.ReplicaProbe;
import org.stockbazaar.frontend.leader.ReplicaProbe.ReplicaView;
import org.stockbazaar.frontend.stock.Stock;
import org.stockbazaar.support.ApiData;
import org.stockbazaar.support.ApiException;
import org.stockbazaar.support.ServiceClients;

/**
 * The live cluster page on the public port: {@code /cluster} (HTML), {@code /cluster/cluster.js}, and the JSON it
 * polls, {@code /cluster/state}. Read-only: it never selects a leader, changes the cache or trades, and it shows
 * nothing secret (docs/cluster-page.md). {@code bazaar.cluster-page.enabled=false} turns all three into 404s (decided
 * at run time, not by a condition on the bean, which Spring's ahead-of-time processing would fix at build time).
 *
 * <p>Many open pages must not turn into many probes: a state younger than {@link #REUSE_FOR} is served again, and
 * pollers arriving while a survey runs wait for that one instead of starting their own.
 */
@RestController
class ClusterController {

    static final Duration REUSE_FOR = Duration.ofMillis(250);
    private static final Logger log = LoggerFactory.getLogger(ClusterController.class);
    private static final Resource PAGE = new ClassPathResource("cluster-page/cluster.html");
    private static final Resource SCRIPT = new ClassPathResource("cluster-page/cluster.js");

    private final ReplicaProbe replicas;
    private final Optional<StockCache> cache;
    private final CacheProperties cacheProperties;
    private final AcknowledgedTrades trades;
    private final CatalogStocks catalog;
    private final boolean enabled;
    private ClusterState latest;

    ClusterController(ReplicaProbe replicas, Optional<StockCache> cache, CacheProperties cacheProperties,
            AcknowledgedTrades trades, FrontendProperties properties,
            ServiceClients clients, @Value("${bazaar.cluster-page.enabled:true}") boolean enabled) {
        this.enabled = enabled;
        this.replicas = replicas;
        this.cache = cache;
        this.cacheProperties = cacheProperties;
        this.trades = trades;
        this.catalog = new CatalogStocks(properties, clients);
    }

    @GetMapping(path = {"/cluster", "/cluster/"}, produces = "text/html;charset=UTF-8")
    ResponseEntity<Resource> page() {
        requireEnabled();
        return ResponseEntity.ok().cacheControl(CacheControl.noCache()).body(PAGE);
    }

    @GetMapping(path = "/cluster/cluster.js", produces = "text/javascript;charset=UTF-8")
    ResponseEntity<Resource> script() {
        requireEnabled();
        return ResponseEntity.ok().cacheControl(CacheControl.noCache()).body(SCRIPT);
    }

    @GetMapping("/cluster/state")
    ResponseEntity<ApiData<ClusterState>> state() {
        requireEnabled();
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(ApiData.of(current()));
    }

    private void requireEnabled() {
        if (!enabled) {
            throw ApiException.noSuchEndpoint();
        }
    }

    private synchronized ClusterState current() {
        long now = System.currentTimeMillis();
        if (latest == null || now - latest.takenAtMillis() >= REUSE_FOR.toMillis()) {
            latest = survey(now);
        }
        return latest;
    }

    private ClusterState survey(long now) {
        List<ReplicaView> views = replicas.survey();
        int leader = views.stream().filter(ReplicaView::leads)
                .max(Comparator.comparingLong(ReplicaView::promisedEpoch).thenComparingInt(ReplicaView::id))
                .map(ReplicaView::id).orElse(0);
        return new ClusterState(now, leader, views, cacheState(), trades.newestFirst(), stocks());
    }

    private ClusterState.CacheState cacheState() {
        String policy = cacheProperties.policy().name().toLowerCase();
        return cache.map(c -> {
            List<Stock> entries = c.entriesInEvictionOrder().stream()
                    .map(entry -> entry.getValue() instanceof Versioned<?>(Stock stock, long _) ? stock
                            : new Stock(String.valueOf(entry.getKey()), null, 0))
                    .toList();
            long hits = c.hits();
            long misses = c.misses();
            double rate = hits + misses == 0 ? 0 : (double) hits / (hits + misses);
            return new ClusterState.CacheState(true, policy, cacheProperties.size(), entries, hits, misses, rate);
        }).orElseGet(() -> new ClusterState.CacheState(false, policy, cacheProperties.size(), List.of(), 0, 0, 0));
    }

    private List<Stock> stocks() {
        try {
            return catalog.all();
        } catch (RestClientException e) {
            log.debug("The catalog did not answer the cluster page: {}", e.getMostSpecificCause().toString());
            return null;
        }
    }
}
