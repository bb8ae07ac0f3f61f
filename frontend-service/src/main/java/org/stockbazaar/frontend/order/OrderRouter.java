package org.stockbazaar.frontend.order;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;
import org.stockbazaar.frontend.FrontendProperties;
import org.stockbazaar.frontend.cache.StockCache;
import org.stockbazaar.frontend.leader.LeaderSelector;
import org.stockbazaar.frontend.leader.ReplicaClient;
import org.stockbazaar.support.ApiException;
import org.stockbazaar.support.ItemResult;
import org.stockbazaar.support.KeepAliveHttp;
import org.stockbazaar.support.TradeLog;
import org.stockbazaar.support.trade.OrderBlock;
import org.stockbazaar.support.trade.Trade;
import org.stockbazaar.support.trade.TradeReply;

/**
 * Sends trades (in batches, see {@link TradeBatcher}) and order queries to the leader, and hides a leader's crash
 * from the client: a call the leader refuses, lets time out or answers with 503/5xx is sent again, with the same
 * request ids, to the leader chosen next, until {@code bazaar.frontend.order-deadline}. A trade is safe to repeat
 * because the leader recognises its request id: a retry never trades twice or takes a second number.
 *
 * <p>A trade with no definitive answer by its deadline is answered by what the front end knows (docs/api.md, "When
 * the outcome is unknown"). Definitive are a number and the leader's own answer for the trade (400, 404, 409, or
 * 503 when it cannot reach the catalog: it did nothing with it). Any other failure of a call that left the front
 * end may hide a trade that happened: a leader times out or is cut off after logging it, or answers 503 for the
 * whole batch once it has logged it (no majority in time, deposed meanwhile; its "not the leader" can come before
 * or after that, and does not say which). So such a trade gets 504 with its key, to repeat it by; only a trade no
 * call ever carried to a replica (refused, no connection, no leader) gets 503.
 */
@Service
class OrderRouter implements AutoCloseable {

    static final String NO_REPLICA = LeaderSelector.NO_REPLICA;
    static final String OUTCOME_UNKNOWN = "trade outcome unknown: it may still complete; send the same order again"
            + " with header Idempotency-Key: %s to learn its transaction number (it trades at most once)";
    private static final Logger log = LoggerFactory.getLogger(OrderRouter.class);
    private static final long FIRST_PAUSE_NANOS = Duration.ofMillis(20).toNanos();
    private static final long LONGEST_PAUSE_NANOS = Duration.ofMillis(200).toNanos();

    /** The most trades one batch carries to the leader. */
    static final int MAX_BATCH = 100;

    private final LeaderSelector selector;
    private final CacheManager caches;
    private final Duration deadline;
    private final TradeBatcher batcher;
    private final AcknowledgedTrades acknowledged;
    private final CommittedOrders committed;
    private final TradeMeters meters;
    /** The stock cache's id at the catalog, sent with every batch; null with the cache off. */
    private final String cacheId;

    OrderRouter(LeaderSelector selector, CacheManager caches, FrontendProperties properties,
            AcknowledgedTrades acknowledged, CommittedOrders committed, MeterRegistry meters) {
        this.selector = selector;
        this.meters = new TradeMeters(meters);
        this.caches = caches;
        this.acknowledged = acknowledged;
        this.committed = committed;
        this.cacheId = caches.getCache(StockCache.NAME) instanceof StockCache stocks ? stocks.id() : null;
        this.deadline = properties.orderDeadline();
        this.batcher = new TradeBatcher(properties.tradeSenders(), MAX_BATCH, this::send);
    }

    /** The trade's transaction number, once the leader has it on a majority of the replicas. */
    long trade(Trade request) {
        long start = System.nanoTime();
        try {
            long number = answerOf(batcher.sendOrQueue(request, start + deadline.toNanos()));
            meters.record(TradeMeters.Outcome.ACKNOWLEDGED, start);
            Order order = new Order(number, request.name(), request.type(), request.quantity());
            acknowledged.add(order);
            committed.committed(order);
            return number;
        } catch (RuntimeException failed) {
            meters.record(TradeMeters.outcomeOf(failed), start);
            throw failed;
        } finally {
            // the catalog does not push this front end the evictions of the trades it routed before they are
            // answered (each batch names this cache, cacheId): this front end drops the stock itself, once the
            // answer is in, so the client's next lookup sees its own trade. Whatever the outcome: a 504 may hide a
            // trade that happened, and a refusal (not enough stock) suggests the client saw a stale quantity.
            Cache stocks = caches.getCache(StockCache.NAME);
            if (stocks != null) {
                stocks.evict(request.name());
            }
        }
    }

    /**
     * A committed order: from this front end's own store of them if it has it (it never changes), else from the
     * block of committed orders around it that the leader sends (from the first of them the store lacks), which the
     * store keeps for the next queries.
     */
    Order order(long number) {
        Optional<Order> kept = committed.get(number);
        if (kept.isPresent()) {
            return kept.get();
        }
        long first = committed.firstMissing(number);
        OrderBlock block = onLeader(leader -> leader.orderBlock(first), System.nanoTime() + deadline.toNanos(),
                new Delivery());
        committed.committed(block);
        int slot = (int) (number - first);
        if (slot >= block.size()) {
            throw ApiException.notFound("order not found");
        }
        return new Order(number, block.names()[slot], block.types()[slot], block.quantities()[slot]);
    }

    /** Trades waiting for a batch to the leader (every sender busy). */
    int queuedTrades() {
        return batcher.queued();
    }

    @Override
    public void close() {
        batcher.close();
    }

    /**
     * Sends one batch, retried as a whole across leader changes until its oldest trade's deadline, and answers each
     * trade: its number, its own refusal, the batch's failure, or (the batch reached a leader and got no definitive
     * answer) that its outcome is unknown.
     */
    private void send(List<TradeBatcher.Pending> batch) {
        long giveUp = batch.stream().mapToLong(TradeBatcher.Pending::giveUpNanos).min().orElseThrow();
        List<Trade> trades = batch.stream().map(TradeBatcher.Pending::request).toList();
        Delivery delivery = new Delivery();
        List<ItemResult<TradeReply>> results;
        try (TradeLog.Tag tag = TradeLog.tag(trades.stream().map(Trade::requestId).toList())) {
            results = onLeader(leader -> leader.trade(trades, cacheId), giveUp, delivery);
            TradeLog.LOG.debug("A batch of {} trades answered by the leader", trades.size());
        } catch (ApiException failed) {
            boolean unknown = delivery.mayHaveArrived && failed.status().is5xxServerError();
            if (unknown) {
                log.warn("{} trades reached a leader and got no definitive answer by their deadline: answered 504,"
                        + " outcome unknown (request ids {})", trades.size(),
                        trades.stream().map(Trade::requestId).toList());
            }
            batch.forEach(pending -> pending.answer().completeExceptionally(
                    unknown ? outcomeUnknown(pending.request().requestId()) : failed));
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            ItemResult<TradeReply> result = results.get(i);
            if (!result.failed()) {
                batch.get(i).answer().complete(result.data().transactionNumber());
            } else {
                // the leader's own answer for this trade: it decided it and did nothing (404, 409, or 503 when it
                // cannot reach the catalog and so takes no new trades)
                batch.get(i).answer().completeExceptionally(result.toException());
            }
        }
    }

    /** A trade that reached a leader and got no definitive answer in time: it may have happened, or may yet. */
    static ApiException outcomeUnknown(String requestId) {
        return new ApiException(HttpStatus.GATEWAY_TIMEOUT, OUTCOME_UNKNOWN.formatted(requestId));
    }

    /** Whether any attempt at a call may have reached a replica that acted on it. */
    private static final class Delivery {
        private boolean mayHaveArrived;
    }

    private static long answerOf(CompletableFuture<Long> answer) {
        try {
            // never forever: the batcher answers every trade, at the latest at its deadline (plus one call's timeout)
            return answer.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ApiException refused) {
                throw refused;
            }
            throw new IllegalStateException("trade failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, NO_REPLICA);
        }
    }

    private <T> T onLeader(Function<ReplicaClient, T> call, long giveUp, Delivery delivery) {
        long pause = FIRST_PAUSE_NANOS;
        String reason = NO_REPLICA;
        while (true) {
            LeaderSelector.Leader leader = selector.leader().orElse(null);
            if (leader == null) {
                reason = selector.noLeaderReason();
            } else {
                try {
                    return call.apply(leader.replica());
                } catch (RestClientResponseException e) {
                    HttpStatus status = HttpStatus.resolve(e.getStatusCode().value());
                    String message = ReplicaClient.messageOf(e);
                    if (status == HttpStatus.BAD_REQUEST || status == HttpStatus.NOT_FOUND
                            || status == HttpStatus.CONFLICT) {
                        // the client's own fault (unknown stock, not enough of it, ...): repeating cannot help
                        throw new ApiException(status, message);
                    }
                    if (!e.getStatusCode().is5xxServerError()) {
                        // a wrong token or path: the front end and the replicas disagree, and no retry fixes that
                        log.error("{} answered {} \"{}\": check bazaar.internal.token and the replica version",
                                leader.replica(), e.getStatusCode().value(), message);
                        throw new ApiException(HttpStatus.INTERNAL_SERVER_ERROR, "internal error");
                    }
                    // a 5xx for the batch may come after the leader logged it: no sign of which
                    delivery.mayHaveArrived = true;
                    log.info("{} answered {}; retrying at the leader selected next", leader.replica(),
                            ReplicaClient.describe(e));
                    selector.leaderFailed(leader);
                    // a leader that is still chosen and still says 503 knows why (the answer to an order query; a
                    // trade that got a 5xx is answered 504 instead, see send)
                    reason = status == HttpStatus.SERVICE_UNAVAILABLE && selector.leads(leader.replica())
                            ? message : NO_REPLICA;
                } catch (RestClientException e) {
                    // refused, timed out or cut off: the call may or may not have reached the leader, and the
                    // request id makes that question moot for the retry (not for the answer, should none come)
                    if (!KeepAliveHttp.failedBeforeSending(e)) {
                        delivery.mayHaveArrived = true;
                    }
                    log.info("{} failed ({}); retrying at the leader selected next", leader.replica(),
                            ReplicaClient.describe(e));
                    selector.leaderFailed(leader);
                    reason = NO_REPLICA;
                }
            }
            if (System.nanoTime() + pause - giveUp >= 0) {
                throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, reason);
            }
            pauseFor(pause);
            pause = Math.min(pause * 2, LONGEST_PAUSE_NANOS);
        }
    }

    private static void pauseFor(long nanos) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, NO_REPLICA);
        }
    }
}
