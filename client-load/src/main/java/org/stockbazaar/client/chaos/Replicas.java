package org.stockbazaar.client.chaos;

import java.time.Duration;
import java.util.List;
import org.stockbazaar.client.api.BazaarConnection;
import org.stockbazaar.client.api.BazaarConnection.Reply;
import tools.jackson.databind.JsonNode;

/** Asks the replicas who leads ({@code GET /internal/replica/status}). */
final class Replicas {

    private final List<BazaarConnection> clients;
    private final String token;

    Replicas(ChaosStack stack) {
        this.clients = stack.replicas.stream()
                .map(replica -> new BazaarConnection(replica.url(), Duration.ofSeconds(1), ChaosStack.CONNECT_TIMEOUT))
                .toList();
        this.token = stack.token;
    }

    /** The id of the ready replica that leads in the highest epoch, or 0 if none says it leads. */
    int leader() throws InterruptedException {
        int leader = 0;
        long bestEpoch = -1;
        for (int id = 1; id <= clients.size(); id++) {
            Reply status = clients.get(id - 1).internal("/internal/replica/status", token);
            JsonNode data = status.data();
            if (status.ok() && "LEADER".equals(data.path("role").asString("")) && data.path("ready").asBoolean(false)
                    && data.path("promisedEpoch").asLong(-1) > bestEpoch) {
                bestEpoch = data.path("promisedEpoch").asLong(-1);
                leader = id;
            }
        }
        return leader;
    }
}
