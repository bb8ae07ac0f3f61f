package org.stockbazaar.order.replica;

import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.stockbazaar.order.replication.Leadership;
import org.stockbazaar.order.replication.Messages.Append;
import org.stockbazaar.order.replication.Messages.AppendReply;
import org.stockbazaar.order.replication.Messages.Fetch;
import org.stockbazaar.order.replication.Messages.FetchReply;
import org.stockbazaar.order.replication.Messages.Prepare;
import org.stockbazaar.order.replication.Messages.PrepareReply;
import org.stockbazaar.order.replication.Messages.Status;
import org.stockbazaar.order.replication.Replica;
import org.stockbazaar.support.ApiData;
import org.stockbazaar.support.JsonEndpoint;

/**
 * The replication protocol over HTTP (internal: the shared secret guards {@code /internal/**}).
 *
 * <p>The package is the replica's edge towards Spring and HTTP, named after the {@code /internal/replica/*}
 * endpoints it serves here and calls on the other replicas ({@link PeerClient}): this controller, the client, the
 * readiness check, the mapping of the runtime's exceptions to statuses ({@link ReplicaErrorAdvice}) and the wiring
 * of the runtime to its files and its lifecycle. What a replica does is in {@code replication/}, which knows nothing
 * of HTTP.
 */
@RestController
class ReplicaController {

    private final Replica replica;

    ReplicaController(Replica replica) {
        this.replica = replica;
    }

    @GetMapping("/internal/replica/status")
    ApiData<Status> status() {
        return ApiData.of(replica.status());
    }

    @PostMapping("/internal/replica/prepare")
    ApiData<PrepareReply> prepare(@RequestBody Prepare prepare) {
        return ApiData.of(replica.prepare(prepare));
    }

    @PostMapping("/internal/replica/fetch")
    ApiData<FetchReply> fetch(@RequestBody Fetch fetch) {
        return ApiData.of(replica.fetch(fetch));
    }

    /** {@code POST /internal/replica/append}, a leader's call on every batch: served as a {@link JsonEndpoint}. */
    @Bean("/internal/replica/append")
    JsonEndpoint appendEndpoint(JsonEndpoint.Factory endpoints) {
        return endpoints.post(Append.class, this::append);
    }

    ApiData<AppendReply> append(Append append) {
        return ApiData.of(replica.append(append));
    }

    @PostMapping("/internal/replica/lead")
    ApiData<Leadership> lead() {
        return ApiData.of(replica.lead());
    }

    @PostMapping("/internal/replica/leader")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void leaderNotified(@RequestBody Leadership leadership) {
        replica.leaderNotified(leadership.leaderId(), leadership.epoch());
    }
}
