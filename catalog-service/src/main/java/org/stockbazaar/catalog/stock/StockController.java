package org.stockbazaar.catalog.stock;

import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.stockbazaar.support.ApiData;
import org.stockbazaar.support.ApiException;
import org.stockbazaar.support.JsonEndpoint;
import org.stockbazaar.support.TradeLog;
import org.stockbazaar.support.trade.CommittedFeed;
import org.stockbazaar.support.trade.CommittedOrder;
import org.stockbazaar.support.trade.Trade;
import org.stockbazaar.support.trade.TradeRules;
import org.stockbazaar.support.trade.TradeType;

/**
 * Lookups are public; the feed of committed orders is internal (only the order leader sends it, behind the
 * internal secret).
 */
@RestController
class StockController {

    /** The leader feeds at most this many orders per call. */
    static final int MAX_BATCH = 1_000;
    /** A lookup's stock version: how many committed orders the catalog had applied when the stock last changed. */
    static final String VERSION_HEADER = "X-Stock-Version";

    private final Catalog catalog;

    StockController(Catalog catalog) {
        this.catalog = catalog;
    }

    @GetMapping("/stocks/{name}")
    ResponseEntity<ApiData<Stock>> lookup(@PathVariable String name) {
        Catalog.Published current = catalog.published(name);
        // the front end keeps it with what it caches (docs/cache.md, "The front end that routed a trade")
        return ResponseEntity.ok().header(VERSION_HEADER, Long.toString(current.seq()))
                .body(ApiData.of(current.stock()));
    }

    /**
     * {@code {"name":"GameStart"}}: a front end's cache miss, answered with the stock and its version
     * ({@code {"data":{"stock":{...},"version":12}}}), what {@code GET /stocks/{name}} answers in its body and
     * header. Served as a {@link JsonEndpoint}, so it goes in frames (docs/internal-frames.md) like the trade path.
     */
    @Bean("/internal/lookup")
    JsonEndpoint lookupEndpoint(JsonEndpoint.Factory endpoints) {
        return endpoints.post(LookupRequest.class, this::lookupForCache);
    }

    ApiData<VersionedStock> lookupForCache(LookupRequest request) {
        if (request == null || request.name() == null) {
            throw ApiException.badRequest("name is required");
        }
        Catalog.Published current = catalog.published(request.name());
        return ApiData.of(new VersionedStock(current.stock(), current.seq()));
    }

    @GetMapping("/internal/stocks")
    ApiData<List<Stock>> all() {
        return ApiData.of(catalog.stocks());
    }

    /** {@code {"epoch":3}}: the leader of epoch 3 starts feeding; answered with where its view of the stocks starts. */
    @PostMapping("/internal/leader")
    ApiData<Catalog.Position> follow(@RequestBody LeaderRequest request) {
        return ApiData.of(catalog.follow(epochOf(request == null ? null : request.epoch())));
    }

    /**
     * {@code {"epoch":3,"orders":[{"number","requestId","name","type","quantity","routedBy"},...]}}: committed orders
     * in number order, answered with {@code {"applied":N}}, how many committed orders the catalog holds. Each order is
     * held to the same {@link TradeRules} as at the front end; {@code routedBy}, optional, names the front end that
     * drops the order's stock from its cache itself ({@link org.stockbazaar.support.trade.CommittedOrder}). Served as a
     * {@link JsonEndpoint}: every batch of trades crosses it.
     */
    @Bean("/internal/committed")
    JsonEndpoint committedEndpoint(JsonEndpoint.Factory endpoints) {
        return endpoints.post(CommittedBatch.class, this::applyCommitted);
    }

    ApiData<CommittedFeed.Reply> applyCommitted(CommittedBatch batch) {
        long epoch = epochOf(batch == null ? null : batch.epoch());
        if (batch.orders() == null || batch.orders().size() > MAX_BATCH) {
            throw ApiException.badRequest("orders must hold 0 to " + MAX_BATCH + " orders");
        }
        List<CommittedOrder> orders = batch.orders().stream().map(StockController::checked).toList();
        TradeLog.tagRequest(orders.stream().map(order -> order.trade().requestId() == null ? "-"
                : order.trade().requestId()).toList());
        return ApiData.of(new CommittedFeed.Reply(catalog.applyCommitted(epoch, orders)));
    }

    private static long epochOf(Long epoch) {
        if (epoch == null || epoch < 1) {
            throw ApiException.badRequest("epoch must be a positive integer");
        }
        return epoch;
    }

    private static CommittedOrder checked(OrderRequest order) {
        if (order == null || order.number() == null || order.number() < 0) {
            throw ApiException.badRequest("each order needs a number from 0 on");
        }
        if (order.name() == null || order.name().isBlank()) {
            throw ApiException.badRequest("name is required");
        }
        TradeRules.checkName(order.name());
        if (order.quantity() == null) {
            throw ApiException.badRequest(TradeRules.INVALID_QUANTITY);
        }
        TradeRules.checkQuantity(order.quantity());
        // an order without a request id is applied all the same: the number, not the id, says which it is
        if (order.requestId() != null) {
            if (order.requestId().isBlank() || order.requestId().length() > TradeRules.MAX_REQUEST_ID_LENGTH) {
                throw ApiException.badRequest("requestId must be 1 to " + TradeRules.MAX_REQUEST_ID_LENGTH
                        + " characters");
            }
            TradeRules.checkRequestId("requestId", order.requestId());
        }
        if (order.type() == null) {
            throw ApiException.badRequest(TradeRules.INVALID_TYPE);
        }
        if (order.routedBy() != null) {
            // a front end's id, as it registers (FrontendController)
            TradeRules.checkRequestId("routedBy", order.routedBy());
        }
        return new CommittedOrder(order.number(), new Trade(order.requestId(), order.name(), order.type(),
                order.quantity()), order.routedBy());
    }

    record LeaderRequest(Long epoch) {
    }

    record LookupRequest(String name) {
    }

    record VersionedStock(Stock stock, long version) {
    }

    /**
     * A committed order as it arrives, every field optional so that a missing one is answered with its own message
     * (a type this version does not know reads as null).
     */
    record OrderRequest(Long number, String requestId, String name, TradeType type, Long quantity, String routedBy) {
    }

    record CommittedBatch(Long epoch, List<OrderRequest> orders) {
    }
}
