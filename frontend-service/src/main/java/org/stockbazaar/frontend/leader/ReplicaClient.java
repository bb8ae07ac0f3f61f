package org.stockbazaar.frontend.leader;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;
import org.stockbazaar.support.ApiData;
import org.stockbazaar.support.ApiError;
import org.stockbazaar.support.ItemResult;
import org.stockbazaar.support.JsonClient;
import org.stockbazaar.support.ServiceClients;
import org.stockbazaar.support.trade.OrderBlock;
import org.stockbazaar.support.trade.Trade;
import org.stockbazaar.support.trade.TradeBatch;
import org.stockbazaar.support.trade.TradeReply;
import tools.jackson.core.type.TypeReference;

/**
 * One order replica's internal API (docs/replication.md), with the internal secret on every call. Failures surface
 * as Spring's {@link RestClientException}s: the callers decide what a refusal or a silence means.
 */
public final class ReplicaClient {

    private static final ParameterizedTypeReference<ApiData<ReplicaStatus>> STATUS = new ParameterizedTypeReference<>() {
    };
    private static final ParameterizedTypeReference<ApiData<Leadership>> LEADERSHIP =
            new ParameterizedTypeReference<>() {
            };
    private static final TypeReference<ApiData<List<ItemResult<TradeReply>>>> TRADES =
            new TypeReference<>() {
            };
    private static final TypeReference<ApiData<OrderBlock>> ORDER_BLOCK = new TypeReference<>() {
    };

    private final int id;
    private final URI url;
    /**
     * Status probes and leader notices wait no longer than a connection may take: a hung replica must not hold up
     * a leader selection, which every order waits for. {@link ServiceClients} sets one read timeout per client,
     * hence one client (and pool) per kind of call.
     */
    private final RestClient control;
    /**
     * Batches of trades, which wait on fsyncs, a follower and the catalog, and the blocks of orders that a query
     * missing the front end's store asks for, with the same read timeout: a {@link JsonClient}.
     */
    private final JsonClient calls;
    /**
     * Requests to lead: an election prepares, may sync a log and waits for a follower to confirm it, which can take
     * longer than a trade. Cutting it short would only make the front end ask the next replica to lead while this
     * one is still winning, and an election outlasting the order deadline is useless to the orders waiting on it.
     */
    private final RestClient elections;

    ReplicaClient(int id, URI url, ServiceClients clients, Duration connectTimeout, Duration replicaTimeout,
            Duration electionTimeout) {
        this.id = id;
        this.url = url;
        this.control = clients.internal(connectTimeout, connectTimeout).baseUrl(url.toString()).build();
        this.calls = clients.json(url.toString(), connectTimeout, replicaTimeout);
        this.elections = clients.internal(connectTimeout, electionTimeout).baseUrl(url.toString()).build();
    }

    int id() {
        return id;
    }

    ReplicaStatus status() {
        return dataOf(control.get().uri("/internal/replica/status").retrieve().body(STATUS));
    }

    /** Asks this replica to run an election; answers once it leads, fails if it could not. */
    Leadership lead() {
        return dataOf(elections.post().uri("/internal/replica/lead").retrieve().body(LEADERSHIP));
    }

    void announce(Leadership leadership) {
        control.post().uri("/internal/replica/leader")
                .contentType(MediaType.APPLICATION_JSON)
                .body(leadership)
                .retrieve()
                .toBodilessEntity();
    }

    /**
     * One result per trade, in order: its number, or the leader's refusal of that trade alone (400, 404, 409).
     * {@code frontend}: this front end's cache id ({@link TradeBatch}), or null if it has no cache.
     */
    public List<ItemResult<TradeReply>> trade(List<Trade> batch, String frontend) {
        List<ItemResult<TradeReply>> results = dataOf(calls.post("/internal/orders", new TradeBatch(batch, frontend),
                TRADES));
        if (results.size() != batch.size() || results.contains(null)) {
            throw new RestClientException(this + " answered a batch of " + batch.size() + " trades with "
                    + results.size() + " results");
        }
        return results;
    }

    /** The committed orders from {@code first} on, as many as are committed, at most {@link OrderBlock#SIZE}. */
    public OrderBlock orderBlock(long first) {
        OrderBlock block = dataOf(calls.get("/internal/order-blocks/" + first, ORDER_BLOCK));
        int size = block.names() == null ? -1 : block.names().length;
        if (block.first() != first || size > OrderBlock.SIZE || block.types() == null || block.types().length != size
                || block.quantities() == null || block.quantities().length != size
                || Arrays.asList(block.names()).contains(null) || Arrays.asList(block.types()).contains(null)) {
            throw new RestClientException(this + " answered a malformed block of orders from " + first);
        }
        return block;
    }

    @Override
    public String toString() {
        return "replica " + id + " (" + url + ")";
    }

    /** The message of a replica's error envelope, so that a client reads what the leader said. */
    public static String messageOf(RestClientResponseException e) {
        try {
            ApiError error = e.getResponseBodyAs(ApiError.class);
            if (error != null && error.error() != null && error.error().message() != null) {
                return error.error().message();
            }
        } catch (RuntimeException unreadable) {
            // not our envelope (a proxy's page, say): fall back to the status
        }
        HttpStatus status = HttpStatus.resolve(e.getStatusCode().value());
        return status != null ? status.getReasonPhrase().toLowerCase(Locale.ROOT) : "request failed";
    }

    /** Why a call failed, in one line for the log. */
    public static String describe(RestClientException e) {
        if (e instanceof RestClientResponseException answered) {
            return answered.getStatusCode().value() + " \"" + messageOf(answered) + "\"";
        }
        // the cause says which: refused (ConnectException), timed out, cut off mid-answer
        return e.getMostSpecificCause().toString();
    }

    /** A 200 without data is a replica misbehaving, and handled like any other failed call. */
    private <T> T dataOf(ApiData<T> answer) {
        if (answer == null || answer.data() == null) {
            throw new RestClientException(this + " answered without data");
        }
        return answer.data();
    }
}
