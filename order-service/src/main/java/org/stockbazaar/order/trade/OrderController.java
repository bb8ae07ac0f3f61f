package org.stockbazaar.order.trade;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.stockbazaar.order.replication.LogEntry;
import org.stockbazaar.order.replication.NewOrder;
import org.stockbazaar.support.ApiData;
import org.stockbazaar.support.ApiException;
import org.stockbazaar.support.ItemResult;
import org.stockbazaar.support.TradeLog;

/** Trades and order queries at the leader (internal: the front end validates, batches and routes them here). */
@RestController
class OrderController {

    /** The front end sends at most 100 orders per batch; this leaves room without inviting a huge body. */
    static final int MAX_BATCH = 1_000;
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final OrderService orders;

    OrderController(OrderService orders) {
        this.orders = orders;
    }

    /**
     * A batch: {@code {"trades":[{"requestId","name","type","quantity"},...]}}, answered with one result per order,
     * in order: {@code {"data":{"transaction_number":N}}} or {@code {"error":{...}}}. An order that is malformed is
     * answered 400 in its place; the others go ahead.
     */
    @PostMapping("/internal/orders")
    ApiData<List<ItemResult<Map<String, Long>>>> trade(@RequestBody OrderBatch batch) {
        if (batch.trades() == null || batch.trades().isEmpty() || batch.trades().size() > MAX_BATCH) {
            throw ApiException.badRequest("trades must hold 1 to " + MAX_BATCH + " orders");
        }
        TradeLog.tagRequest(batch.trades().stream().map(order -> order == null ? "-" : order.requestId()).toList());
        return ApiData.of(ItemResult.answerEach(batch.trades(), order -> {
            if (!valid(order)) {
                throw ApiException.badRequest("invalid order");
            }
            return order;
        }, orders::tradeAll));
    }

    /** The log's CSV rows must stay parseable: refuse anything the front end would not have sent. */
    private static boolean valid(NewOrder order) {
        return order != null && order.requestId() != null && TOKEN.matcher(order.requestId()).matches()
                && order.name() != null && NAME.matcher(order.name()).matches()
                && ("buy".equals(order.type()) || "sell".equals(order.type()))
                && order.quantity() >= 1 && order.quantity() <= 1_000_000;
    }

    @GetMapping("/internal/orders/{number}")
    ApiData<OrderView> order(@PathVariable long number) {
        LogEntry entry = orders.order(number);
        return ApiData.of(new OrderView(entry.number(), entry.name(), entry.type(), entry.quantity()));
    }

    record OrderBatch(List<NewOrder> trades) {
    }

    record OrderView(long number, String name, String type, long quantity) {
    }
}
