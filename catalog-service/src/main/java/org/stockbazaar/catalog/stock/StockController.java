package org.stockbazaar.catalog.stock;

import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.stockbazaar.support.ApiData;
import org.stockbazaar.support.ApiException;
import org.stockbazaar.support.TradeLog;
import org.stockbazaar.support.TradeType;

/**
 * Lookups are public; the feed of committed orders is internal (only the order leader sends it, behind the
 * internal secret).
 */
@RestController
class StockController {

    /** Large enough for any real order, small enough that no sum of them overflows a long. */
    static final long MAX_UNITS = 1_000_000;
    /** The leader feeds at most this many orders per call. */
    static final int MAX_BATCH = 1_000;
    private static final int MAX_REQUEST_ID_LENGTH = 128;

    private final Catalog catalog;

    StockController(Catalog catalog) {
        this.catalog = catalog;
    }

    @GetMapping("/stocks/{name}")
    ApiData<Stock> lookup(@PathVariable String name) {
        return ApiData.of(catalog.lookup(name));
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
     * {@code {"epoch":3,"orders":[{"number","requestId","name","type","quantity"},...]}}: committed orders in number
     * order, answered with {@code {"applied":N}}, how many committed orders the catalog holds.
     */
    @PostMapping("/internal/committed")
    ApiData<Map<String, Long>> applyCommitted(@RequestBody CommittedBatch batch) {
        long epoch = epochOf(batch == null ? null : batch.epoch());
        if (batch.orders() == null || batch.orders().size() > MAX_BATCH) {
            throw ApiException.badRequest("orders must hold 0 to " + MAX_BATCH + " orders");
        }
        List<CommittedOrder> orders = batch.orders().stream().map(StockController::checked).toList();
        TradeLog.tagRequest(orders.stream().map(order -> order.requestId() == null ? "-" : order.requestId())
                .toList());
        return ApiData.of(Map.of("applied", catalog.applyCommitted(epoch, orders)));
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
        if (order.quantity() == null || order.quantity() < 1 || order.quantity() > MAX_UNITS) {
            throw ApiException.badRequest("quantity must be an integer from 1 to " + MAX_UNITS);
        }
        if (order.requestId() != null
                && (order.requestId().isBlank() || order.requestId().length() > MAX_REQUEST_ID_LENGTH)) {
            throw ApiException.badRequest("requestId must be 1 to " + MAX_REQUEST_ID_LENGTH + " characters");
        }
        return new CommittedOrder(order.number(), order.requestId(), order.name(), TradeType.parse(order.type()),
                order.quantity());
    }

    record LeaderRequest(Long epoch) {
    }

    record OrderRequest(Long number, String requestId, String name, String type, Long quantity) {
    }

    record CommittedBatch(Long epoch, List<OrderRequest> orders) {
    }
}
