package org.stockbazaar.order.trade;

import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.stockbazaar.order.replication.LogEntry;
import org.stockbazaar.support.ApiData;
import org.stockbazaar.support.ApiException;

/** Trades and order queries at the leader (internal: the front end validates and routes them here). */
@RestController
class OrderController {

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final OrderService orders;

    OrderController(OrderService orders) {
        this.orders = orders;
    }

    @PostMapping("/internal/orders")
    ApiData<Map<String, Long>> trade(@RequestBody OrderCommand order) {
        // the log's CSV rows must stay parseable: refuse anything the front end would not have sent
        if (order.requestId() == null || !TOKEN.matcher(order.requestId()).matches()
                || order.name() == null || !NAME.matcher(order.name()).matches()
                || !("buy".equals(order.type()) || "sell".equals(order.type()))
                || order.quantity() < 1 || order.quantity() > 1_000_000) {
            throw ApiException.badRequest("invalid order");
        }
        return ApiData.of(Map.of("transaction_number", orders.trade(order)));
    }

    @GetMapping("/internal/orders/{number}")
    ApiData<OrderView> order(@PathVariable long number) {
        LogEntry entry = orders.order(number);
        return ApiData.of(new OrderView(entry.number(), entry.name(), entry.type(), entry.quantity()));
    }

    record OrderView(long number, String name, String type, long quantity) {
    }
}
