package org.stockbazaar.order.trade;

import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.client.RestClientException;
import org.stockbazaar.order.cluster.Replica;
import org.stockbazaar.order.replication.LogEntry;
import org.stockbazaar.order.replication.NotLeaderException;
import org.stockbazaar.support.ApiException;

/**
 * A trade at the leader, in the order docs/replication.md justifies: a request id already in the log gets its
 * number back; otherwise the catalog applies the trade (refusals end here, with no number), then the order is
 * logged and answered once a majority holds it.
 */
@Service
class OrderService {

    private final Replica replica;
    private final CatalogClient catalog;
    /** Trades with the same request id run one after the other, so a retry racing its original takes no number. */
    private final ReentrantLock[] requestLocks = new ReentrantLock[256];

    OrderService(Replica replica, CatalogClient catalog) {
        this.replica = replica;
        this.catalog = catalog;
        for (int i = 0; i < requestLocks.length; i++) {
            requestLocks[i] = new ReentrantLock();
        }
    }

    long trade(OrderCommand order) {
        ReentrantLock sameRequest = requestLocks[Math.floorMod(order.requestId().hashCode(), requestLocks.length)];
        sameRequest.lock();
        try {
            Optional<LogEntry> logged = replica.committedEntryOf(order.requestId());
            if (logged.isPresent()) {
                requireSameOrder(order, logged.get());
                return logged.get().number();
            }
            try {
                catalog.trade(order.requestId(), order.name(), order.type(), order.quantity());
            } catch (RestClientException e) {
                throw CatalogClient.unavailable();
            }
            // a retry of this request id may have been logged while the catalog answered: never take two numbers
            return replica.appendAndCommit(order.requestId(), order.name(), order.type(), order.quantity());
        } catch (NotLeaderException e) {
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        } finally {
            sameRequest.unlock();
        }
    }

    /** A request id names one order: reusing it for another trade is the client's mistake, not a retry. */
    private static void requireSameOrder(OrderCommand order, LogEntry logged) {
        if (!logged.name().equals(order.name()) || !logged.type().equals(order.type())
                || logged.quantity() != order.quantity()) {
            throw new ApiException(HttpStatus.CONFLICT, "request id already used for a different order");
        }
    }

    LogEntry order(long number) {
        try {
            return replica.committedEntry(number).orElseThrow(() -> ApiException.notFound("order not found"));
        } catch (NotLeaderException e) {
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        }
    }
}
