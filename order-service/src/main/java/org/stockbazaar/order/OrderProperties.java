package org.stockbazaar.order;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.stockbazaar.support.ReplicaList;

/**
 * @param id                 this replica's id, 1..3 (env {@code ORDER_ID})
 * @param replicas           every replica as {@code id=url}, this one included (env {@code ORDER_PEERS})
 * @param dataDir            where the order log and the replica state live (env {@code BAZAAR_ORDER_DATA_DIR})
 * @param catalogUrl         the catalog, where the leader applies trades (env {@code BAZAAR_ORDER_CATALOG_URL})
 * @param connectTimeout     connect timeout of every call to another service
 * @param readTimeout        read timeout of every call to another service
 * @param commitTimeout      how long a trade waits for a majority before the front end is told to retry
 * @param rememberedRequests how many recent request ids are indexed to recognise a retried trade
 * @param standbyInterval    how often the standby follower is sent what it lacks while the primary keeps up
 *                           (0: every follower is sent every entry at once); see {@code AppendPacing}
 * @param standbyTakeover    how long entries wait for their commit before the standby is sent them at once
 * @param newCluster         a replica with no state may start a new cluster, if every replica answers and none
 *                           holds an order or an epoch (env {@code BAZAAR_ORDER_NEW_CLUSTER}); without it such a
 *                           replica waits to recover from its peers (docs/replication.md, "A replica without its
 *                           state")
 */
@ConfigurationProperties(prefix = "bazaar.order")
public record OrderProperties(
        @DefaultValue("1") int id,
        @DefaultValue({"1=http://127.0.0.1:8093", "2=http://127.0.0.1:8094", "3=http://127.0.0.1:8095"})
        List<String> replicas,
        @DefaultValue("data/order") Path dataDir,
        @DefaultValue("http://127.0.0.1:8092") URI catalogUrl,
        @DefaultValue("300ms") Duration connectTimeout,
        @DefaultValue("2s") Duration readTimeout,
        @DefaultValue("3s") Duration commitTimeout,
        @DefaultValue("200000") int rememberedRequests,
        @DefaultValue("20ms") Duration standbyInterval,
        @DefaultValue("10ms") Duration standbyTakeover,
        @DefaultValue("false") boolean newCluster) {

    /** A bad replica list, or one without this replica, stops the start with a message naming the entry. */
    public OrderProperties {
        if (!ReplicaList.parse("bazaar.order.replicas", replicas).containsKey(id)) {
            throw new IllegalArgumentException("bazaar.order.replicas does not list this replica's id " + id);
        }
    }

    /** The other replicas, by id, lowest first. */
    public Map<Integer, URI> peers() {
        Map<Integer, URI> peers = new TreeMap<>(ReplicaList.parse("bazaar.order.replicas", replicas));
        peers.remove(id);
        return peers;
    }
}
