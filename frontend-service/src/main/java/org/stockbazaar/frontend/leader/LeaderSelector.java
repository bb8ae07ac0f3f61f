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
import org.stockbazaar.support.InternalProperties;

/**
 * Chooses the order leader as the seed system did: probe the replicas from the highest id down, keep a ready
 * replica that already leads (the highest epoch if several claim to), else ask the highest-id ready replica to lead
 * (the next lower one if it cannot), then tell every other replica that answered who leads.
 *
 * <p>The front end only chooses; safety does not depend on it choosing well. A replica leads only with a
 * majority's promise for its epoch, and a deposed leader cannot commit (docs/replication.md).
 *
 * <p>Selection is lazy (the front end starts with no replica up) and happens again when the leader fails.
 * Selections are serialised, and a failure reported against a leader that has since been replaced, or chosen again
 * by a newer selection, is old news: ten requests failing together on one leader cause one selection, not ten.
 */
@Component
public class LeaderSelector {

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

    public LeaderSelector(FrontendProperties properties, InternalProperties internal) {
        List<ReplicaClient> clients = new ArrayList<>();
        properties.replicaUrls().descendingMap().forEach((id, url) -> clients.add(
                new ReplicaClient(id, url, internal.token(), properties.connectTimeout(), properties.replicaTimeout(),
                        properties.orderDeadline())));
        this.replicas = List.copyOf(clients);
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
        Leader chosen = existingLeader(answered).orElseGet(() -> elect(answered));
        current = chosen;
        selections++;
        List<Integer> up = answered.keySet().stream().map(ReplicaClient::id).toList();
        if (chosen == null) {
            log.warn("No order replica can lead; replicas answering: {}", up);
            return;
        }
        log.info("Order leader is {}, epoch {}; replicas answering: {}", chosen.replica(), chosen.epoch(), up);
        Leadership leadership = new Leadership(chosen.replica().id(), chosen.epoch());
        for (ReplicaClient replica : answered.keySet()) {
            if (replica != chosen.replica()) {
                announce(replica, leadership);
            }
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

    /** Asks the ready replicas to lead, highest id first, until one does; null if none does. */
    private Leader elect(Map<ReplicaClient, ReplicaStatus> answered) {
        for (Map.Entry<ReplicaClient, ReplicaStatus> candidate : answered.entrySet()) {
            if (!candidate.getValue().ready()) {
                log.info("{} is not ready (syncing up): not asking it to lead", candidate.getKey());
                continue;
            }
            try {
                Leadership won = candidate.getKey().lead();
                return new Leader(replicaWithId(won.leaderId(), candidate.getKey()), won.epoch());
            } catch (RestClientException e) {
                log.info("{} could not become leader: {}", candidate.getKey(), ReplicaClient.describe(e));
            }
        }
        return null;
    }

    /** A replica asked to lead names the leader in its answer; that is normally itself. */
    private ReplicaClient replicaWithId(int id, ReplicaClient asked) {
        return replicas.stream().filter(r -> r.id() == id).findFirst().orElse(asked);
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
