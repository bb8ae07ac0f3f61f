package org.stockbazaar.frontend.leader;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClientException;
import org.stockbazaar.frontend.FrontendProperties;
import org.stockbazaar.support.ServiceClients;

/**
 * Asks every order replica for its status, for the cluster page. Its own clients, hence its own connection pools:
 * a page being watched never takes a connection that a leader selection or a trade needs. Every probe has the
 * short control timeout ({@code bazaar.frontend.connect-timeout}) for connecting and for the answer, and the
 * replicas are asked at once, so a survey takes at most that long; a replica that does not answer in time is down.
 */
@Component
public final class ReplicaProbe implements AutoCloseable {

    private final List<ReplicaClient> replicas;
    private final LeaderSelector selector;
    private final ExecutorService probes = Executors.newVirtualThreadPerTaskExecutor();

    ReplicaProbe(FrontendProperties properties, ServiceClients clients, LeaderSelector selector) {
        List<ReplicaClient> replicaClients = new ArrayList<>();
        properties.replicaUrls().forEach((id, url) -> replicaClients.add(new ReplicaClient(id, url, clients,
                properties.connectTimeout(), properties.connectTimeout(), properties.connectTimeout())));
        this.replicas = List.copyOf(replicaClients);
        this.selector = selector;
    }

    /**
     * One replica as the page shows it. Without an answer only {@code id} and {@code up} mean anything.
     *
     * @param chosen true if the front end sends its trades to this replica (its latest leader selection)
     */
    public record ReplicaView(int id, boolean up, String role, long promisedEpoch, long lastIndex, long commitIndex,
            boolean ready, boolean chosen) {

        /** True if this replica answered that it leads and is ready to. */
        public boolean leads() {
            return up && ready && "LEADER".equals(role);
        }
    }

    /** Every replica, lowest id first. */
    public List<ReplicaView> survey() {
        List<Future<ReplicaStatus>> answers = replicas.stream()
                .map(replica -> probes.submit(replica::status))
                .toList();
        List<ReplicaView> views = new ArrayList<>();
        for (int i = 0; i < replicas.size(); i++) {
            int id = replicas.get(i).id();
            boolean chosen = selector.chosenLeaderId() == id;
            try {
                ReplicaStatus status = answers.get(i).get();
                views.add(new ReplicaView(id, true, status.role(), status.promisedEpoch(), status.lastIndex(),
                        status.commitIndex(), status.ready(), chosen));
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RestClientException)) {
                    throw new IllegalStateException("status probe of replica " + id + " failed", e.getCause());
                }
                views.add(new ReplicaView(id, false, null, 0, 0, 0, false, chosen));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                views.add(new ReplicaView(id, false, null, 0, 0, 0, false, chosen));
            }
        }
        return views;
    }

    @Override
    public void close() {
        probes.close();
    }
}
