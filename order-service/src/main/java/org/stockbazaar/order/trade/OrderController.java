package org.stockbazaar.order.trade;

import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.RestController;
import org.stockbazaar.order.replication.LogEntry;
import org.stockbazaar.support.ApiData;
import org.stockbazaar.support.ApiException;
import org.stockbazaar.support.ItemResult;
import org.stockbazaar.support.JsonEndpoint;
import org.stockbazaar.support.TradeLog;
import org.stockbazaar.support.trade.OrderBlock;
import org.stockbazaar.support.trade.Trade;
import org.stockbazaar.support.trade.TradeBatch;
import org.stockbazaar.support.trade.TradeReply;
import org.stockbazaar.support.trade.TradeRules;
import org.stockbazaar.support.trade.TradeType;

/** Trades and order queries at the leader (internal: the front end validates, batches and routes them here). */
@RestController
class OrderController {

    /** The front end sends at most 100 orders per batch; this leaves room without inviting a huge body. */
    static final int MAX_BATCH = 1_000;

    private final OrderService orders;

    OrderController(OrderService orders) {
        this.orders = orders;
    }

    /**
     * A batch: {@code {"trades":[{"requestId","name","type","quantity"},...]}}, answered with one result per order,
     * in order: {@code {"data":{"transaction_number":N}}} or {@code {"error":{...}}}. An order that is malformed is
     * answered 400 in its place; the others go ahead. The log's CSV rows must stay parseable: an order is held to the
     * {@link TradeRules} the front end checked it against, so nothing it would have refused is logged. Served as a
     * {@link JsonEndpoint}: every trade crosses it.
     */
    @Bean("/internal/orders")
    JsonEndpoint tradeEndpoint(JsonEndpoint.Factory endpoints) {
        return endpoints.post(TradeBatch.class, this::trade);
    }

    ApiData<List<ItemResult<TradeReply>>> trade(TradeBatch batch) {
        if (batch.trades() == null || batch.trades().isEmpty() || batch.trades().size() > MAX_BATCH) {
            throw ApiException.badRequest("trades must hold 1 to " + MAX_BATCH + " orders");
        }
        if (batch.frontend() != null) {
            // a front end's cache id is held to the same rules as a request id (and the catalog's registry's)
            TradeRules.checkRequestId("frontend", batch.frontend());
        }
        TradeLog.tagRequest(batch.trades().stream().map(order -> order == null ? "-" : order.requestId()).toList());
        return ApiData.of(ItemResult.answerEach(batch.trades(), order -> {
            // a type this version does not know reads as null: that trade alone is refused
            if (!TradeRules.isTrade(order)) {
                throw ApiException.badRequest("invalid order");
            }
            return order;
        }, valid -> orders.tradeAll(valid, batch.frontend())));
    }

    /**
     * {@code GET /internal/orders/{number}}: one committed order, as the leader holds it (docs/api.md; the system
     * tests read orders back through it). A front end does not call it: it fetches the block around an order it
     * lacks ({@link #orderBlock}). Served as a {@link JsonEndpoint}, as the block is.
     */
    @Bean("/internal/orders/*")
    JsonEndpoint orderEndpoint(JsonEndpoint.Factory endpoints) {
        return endpoints.getByNumber("number", this::order);
    }

    ApiData<OrderView> order(long number) {
        LogEntry entry = orders.order(number);
        Trade trade = entry.trade();
        return ApiData.of(new OrderView(entry.number(), trade.name(), trade.type(), trade.quantity()));
    }

    /**
     * {@code GET /internal/order-blocks/{first}}: the committed orders numbered {@code first} to {@code first + }
     * {@link OrderBlock#SIZE}{@code  - 1}, as many as are committed, for a front end that fills its store of orders
     * a block at a time. Served as a {@link JsonEndpoint}.
     */
    @Bean("/internal/order-blocks/*")
    JsonEndpoint orderBlockEndpoint(JsonEndpoint.Factory endpoints) {
        return endpoints.getByNumber("first", this::orderBlock);
    }

    ApiData<OrderBlock> orderBlock(long first) {
        List<LogEntry> entries = orders.orders(first, OrderBlock.SIZE);
        String[] names = new String[entries.size()];
        TradeType[] types = new TradeType[entries.size()];
        long[] quantities = new long[entries.size()];
        for (int i = 0; i < entries.size(); i++) {
            Trade trade = entries.get(i).trade();
            names[i] = trade.name();
            types[i] = trade.type();
            quantities[i] = trade.quantity();
        }
        return ApiData.of(new OrderBlock(first, names, types, quantities));
    }

    /** An order of the log as the front end shows it: {@code {"number","name","type","quantity"}}. */
    record OrderView(long number, String name, TradeType type, long quantity) {
    }
}
