package org.stockbazaar.order.replica;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.stockbazaar.order.OrderProperties;
import org.stockbazaar.order.replication.Messages.Append;
import org.stockbazaar.order.replication.Messages.AppendReply;
import org.stockbazaar.order.replication.Messages.Fetch;
import org.stockbazaar.order.replication.Messages.FetchReply;
import org.stockbazaar.order.replication.Messages.Prepare;
import org.stockbazaar.order.replication.Messages.PrepareReply;
import org.stockbazaar.order.replication.Messages.Status;
import org.stockbazaar.order.replication.PeerUnavailableException;
import org.stockbazaar.order.replication.Peers;
import org.stockbazaar.support.ApiData;
import org.stockbazaar.support.JsonClient;
import org.stockbazaar.support.ServiceClients;
import tools.jackson.core.type.TypeReference;

/**
 * Carries protocol messages to the other replicas: one pooled keep-alive client per peer. A call that fails in
 * transport or is answered with an error status throws {@link PeerUnavailableException}.
 */
@Component
class PeerClient implements Peers {

    private static final ParameterizedTypeReference<ApiData<Status>> STATUS = new ParameterizedTypeReference<>() {
    };
    private static final ParameterizedTypeReference<ApiData<PrepareReply>> PREPARED =
            new ParameterizedTypeReference<>() {
            };
    private static final ParameterizedTypeReference<ApiData<FetchReply>> FETCHED =
            new ParameterizedTypeReference<>() {
            };
    private static final TypeReference<ApiData<AppendReply>> APPENDED = new TypeReference<>() {
    };

    private final Map<Integer, RestClient> peers = new LinkedHashMap<>();
    /** The same peers for appends, the leader's call on every batch: {@link JsonClient}s. */
    private final Map<Integer, JsonClient> appends = new LinkedHashMap<>();
    /** The same peers for {@link #probeAll}: the connect timeout as the read timeout too. */
    private final Map<Integer, RestClient> probes = new LinkedHashMap<>();
    private final ExecutorService fanOut = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "peer-call");
        thread.setDaemon(true);
        return thread;
    });

    PeerClient(OrderProperties properties, ServiceClients clients) {
        for (Map.Entry<Integer, URI> peer : properties.peers().entrySet()) {
            peers.put(peer.getKey(), clients.internal(properties.connectTimeout(), properties.readTimeout())
                    .baseUrl(peer.getValue().toString())
                    .build());
            probes.put(peer.getKey(), clients.internal(properties.connectTimeout(), properties.connectTimeout())
                    .baseUrl(peer.getValue().toString())
                    .build());
            appends.put(peer.getKey(), clients.json(peer.getValue().toString(), properties.connectTimeout(),
                    properties.readTimeout()));
        }
    }

    @Override
    public List<Integer> ids() {
        return List.copyOf(peers.keySet());
    }

    Status status(int peer) {
        return status(peers.get(peer));
    }

    private static Status status(RestClient peer) {
        return reaching(() -> peer.get().uri("/internal/replica/status").retrieve().body(STATUS).data());
    }

    PrepareReply prepare(int peer, Prepare prepare) {
        return post(peer, "/internal/replica/prepare", prepare, PREPARED);
    }

    @Override
    public FetchReply fetch(int peer, Fetch fetch) {
        return post(peer, "/internal/replica/fetch", fetch, FETCHED);
    }

    @Override
    public AppendReply append(int peer, Append append) {
        return reaching(() -> appends.get(peer).post("/internal/replica/append", append, APPENDED).data());
    }

    @Override
    public List<Status> statusOfAll() {
        return answering(this::status, replies -> false);
    }

    @Override
    public List<Status> probeAll() {
        return answering(peer -> status(probes.get(peer)), replies -> false);
    }

    /**
     * The replies of the peers that answer, asked in parallel. Returns as soon as the replies so far satisfy
     * {@code enough}, else once every peer has answered or failed: a hung peer (its connection accepted, no answer
     * before the read timeout) does not hold up an election that the others already decide.
     */
    @Override
    public List<PrepareReply> prepareAll(Prepare prepare, Predicate<List<PrepareReply>> enough) {
        return answering(peer -> prepare(peer, prepare), enough);
    }

    private <T> List<T> answering(IntFunction<T> call, Predicate<List<T>> enough) {
        CompletableFuture<List<T>> result = new CompletableFuture<>();
        List<T> replies = new ArrayList<>();
        int[] pending = {peers.size()};
        if (peers.isEmpty()) {
            result.complete(List.of());
        }
        for (int peer : peers.keySet()) {
            fanOut.execute(() -> {
                T reply;
                try {
                    reply = call.apply(peer);
                } catch (PeerUnavailableException e) {
                    reply = null; // no answer: the same as a peer that is down
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                    return;
                }
                synchronized (replies) {
                    if (reply != null) {
                        replies.add(reply);
                    }
                    pending[0]--;
                    if (pending[0] == 0 || enough.test(replies)) {
                        result.complete(List.copyOf(replies));
                    }
                }
            });
        }
        return result.join();
    }

    private <T> T post(int peer, String path, Object body, ParameterizedTypeReference<ApiData<T>> type) {
        return reaching(() -> peers.get(peer).post().uri(path).body(body).retrieve().body(type).data());
    }

    /** What {@code call} answers; a failure in transport or an error status means the peer is unavailable. */
    private static <T> T reaching(Supplier<T> call) {
        try {
            return call.get();
        } catch (RestClientException e) {
            throw new PeerUnavailableException(e);
        }
    }
}
