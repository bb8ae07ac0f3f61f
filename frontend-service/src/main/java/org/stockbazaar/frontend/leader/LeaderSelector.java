package org.stockbazaar.frontend.leader;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClientException;
import org.stockbazaar.frontend.FrontendProperties;
import org.stockbazaar.support.ServiceClients;

/**
 * Chooses the order leader as the seed system did: probe the replicas from the highest id down, keep a ready
 * replica that already leads (the highest epoch if several claim to), else ask the highest-id ready replica to lead
 * (the next lower one if it cannot), then tell every other replica that answered who leads.
 *
 * <p>The front end only chooses; safety does not depend on it choosing well. A replica leads only with a
 * majority's promise for its epoch, and a deposed leader cannot commit (docs/replication.md).
 *
 * <p>With several front ends, each chooses on its own, and they may disagree about which replicas are down. A
 * replica asked to lead defers to a sitting leader that it reaches, and names it in its answer; if that leader does
 * not answer this front end, this front end has no leader (its trades wait, then fail with 503 saying so) rather
 * than depose the one the other front ends use. So front ends never take turns electing their own favourite.
 *
 * <p>Selection is lazy (the front end starts with no replica up) and happens again when the leader fails.
 * Selections are serialised, and a failure reported against a leader that has since been replaced, or chosen again
 * by a newer selection, is old news: ten requests failing together on one leader cause one selection, not ten.
 */
@Component
public class LeaderSelector {

    public static final String NO_REPLICA = "no order replica available";

    private static final Logger log = LoggerFactory.getLogger(LeaderSelector.class);
    private static final Comparator<Map.Entry<ReplicaClient, ReplicaStatus>> BY_EPOCH_THEN_ID = Comparator
            .<Map.Entry<ReplicaClient, ReplicaStatus>>comparingLong(e -> e.getValue().promisedEpoch())
            .thenComparingInt(e -> e.getKey().id());

    /** Highest id first: the order of the probes and of the requests to lead. */
    private final List<ReplicaClient> replicas;
    /** Null until a selection has found a leader, and after a selection that found none. */
    private volatile Leader current;
    /** Written only under the lock: how many selections have run. */
    private volatile long selections;
    /** Why the latest selection found no leader; for the 503 of the orders that waited for one. */
    private volatile String noLeaderReason = NO_REPLICA;
    /** Written only under the lock: the reason last warned of, null once a leader was found. */
    private String warned;

    public LeaderSelector(FrontendProperties properties, ServiceClients clients) {
        List<ReplicaClient> replicaClients = new ArrayList<>();
        properties.replicaUrls().descendingMap().forEach((id, url) -> replicaClients.add(
                new ReplicaClient(id, url, clients, properties.connectTimeout(), properties.replicaTimeout(),
                        properties.orderDeadline())));
        this.replicas = List.copyOf(replicaClients);
    }

    /** The leader, selecting one first if none is known; empty if no replica could lead. */
    public Optional<Leader> leader() {
        // read before the leader: a selection that ends after this read changes the count
        long seen = selections;
        Leader known = current;
        if (known != null) {
            return Optional.of(known);
        }
        synchronized (this) {
            // a selection that ended while this caller waited has just answered the question, even if with "none"
            if (selections == seen) {
                select();
            }
            return Optional.ofNullable(current);
        }
    }

    /** The caller's call to {@code observed} failed as if it were gone: select again unless someone already has. */
    public synchronized void leaderFailed(Leader observed) {
        if (current == observed) {
            log.info("Leader {} failed; selecting a leader again", observed.replica());
            select();
        }
    }

    /** True if {@code replica} is the leader as of the latest selection. */
    public boolean leads(ReplicaClient replica) {
        Leader known = current;
        return known != null && known.replica() == replica;
    }

    /** Why there is no leader, when {@link #leader} found none: the 503's message for the orders that waited. */
    public String noLeaderReason() {
        return noLeaderReason;
    }

    /** The id of the replica chosen by the latest selection, or 0 if none is chosen (none yet, or none could lead). */
    int chosenLeaderId() {
        Leader known = current;
        return known == null ? 0 : known.replica().id();
    }

    private void select() {
        Map<ReplicaClient, ReplicaStatus> answered = new LinkedHashMap<>();
        for (ReplicaClient replica : replicas) {
            probe(replica).ifPresent(status -> answered.put(replica, status));
        }
        List<Integer> up = answered.keySet().stream().map(ReplicaClient::id).toList();
        Leader chosen = existingLeader(answered).orElse(null);
        String reason = NO_REPLICA;
        if (chosen == null) {
            Leadership won = elect(answered);
            ReplicaClient named = won == null ? null : replicaWithId(won.leaderId());
            if (named != null && answered.containsKey(named)) {
                chosen = new Leader(named, won.epoch());
            } else if (won != null) {
                // the replica asked deferred to a sitting leader that it reaches and this front end does not: other
                // front ends may well be using it, and deposing it would only start a tug of war with them
                reason = "the order leader (replica " + won.leaderId() + ") does not answer this front end";
                logNoLeader(reason, "Order leader is replica {} in epoch {}, which does not answer this front end;"
                        + " replicas answering: {}", won.leaderId(), won.epoch(), up);
            } else {
                logNoLeader(reason, "No order replica can lead; replicas answering: {}", up);
            }
        }
        noLeaderReason = reason;
        current = chosen;
        selections++;
        if (chosen == null) {
            return;
        }
        warned = null;
        log.info("Order leader is {}, epoch {}; replicas answering: {}", chosen.replica(), chosen.epoch(), up);
        Leadership leadership = new Leadership(chosen.replica().id(), chosen.epoch());
        for (ReplicaClient replica : answered.keySet()) {
            if (replica != chosen.replica()) {
                announce(replica, leadership);
            }
        }
    }

    /** A warning when the reason there is no leader changes; while it stays, every order's retries say it again. */
    private void logNoLeader(String reason, String message, Object... arguments) {
        if (reason.equals(warned)) {
            log.debug(message, arguments);
        } else {
            log.warn(message, arguments);
            warned = reason;
        }
    }

    private static Optional<ReplicaStatus> probe(ReplicaClient replica) {
        try {
            return Optional.of(replica.status());
        } catch (RestClientException e) {
            // debug: while no replica is up, every retry of every order probes again
            log.debug("{} did not answer a status probe: {}", replica, ReplicaClient.describe(e));
            return Optional.empty();
        }
    }

    private static Optional<Leader> existingLeader(Map<ReplicaClient, ReplicaStatus> answered) {
        return answered.entrySet().stream()
                .filter(e -> e.getValue().leads())
                .max(BY_EPOCH_THEN_ID)
                .map(e -> new Leader(e.getKey(), e.getValue().promisedEpoch()));
    }

    /**
     * Asks the ready replicas to lead, highest id first, until one answers who leads (itself, or a sitting leader it
     * deferred to); null if none does.
     */
    private Leadership elect(Map<ReplicaClient, ReplicaStatus> answered) {
        for (Map.Entry<ReplicaClient, ReplicaStatus> candidate : answered.entrySet()) {
            if (!candidate.getValue().ready()) {
                log.info("{} is not ready (syncing up): not asking it to lead", candidate.getKey());
                continue;
            }
            try {
                return candidate.getKey().lead();
            } catch (RestClientException e) {
                log.info("{} could not become leader: {}", candidate.getKey(), ReplicaClient.describe(e));
            }
        }
        return null;
    }

    /** The replica with that id; null if this front end is not configured with it. */
    private ReplicaClient replicaWithId(int id) {
        return replicas.stream().filter(r -> r.id() == id).findFirst().orElse(null);
    }

    private static void announce(ReplicaClient replica, Leadership leadership) {
        try {
            replica.announce(leadership);
            log.info("Notified replica with id {} of leader with id {}", replica.id(), leadership.leaderId());
        } catch (RestClientException e) {
            log.info("Could not notify {} of leader with id {}: {}", replica, leadership.leaderId(),
                    ReplicaClient.describe(e));
        }
    }

    /**
     * The result of one selection. Compared by identity: a new selection makes a new {@code Leader} even when it
     * chooses the same replica and epoch again, so a failure seen before it is recognised as old news.
     */
    public static final class Leader {

        private final ReplicaClient replica;
        private final long epoch;

        Leader(ReplicaClient replica, long epoch) {
            this.replica = replica;
            this.epoch = epoch;
        }

        public ReplicaClient replica() {
            return replica;
        }

        public long epoch() {
            return epoch;
        }

        @Override
        public String toString() {
            return replica + " in epoch " + epoch;
        }
    }
}
