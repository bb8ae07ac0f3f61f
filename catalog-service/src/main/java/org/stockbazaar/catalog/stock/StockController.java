package org.stockbazaar.catalog.stock;

import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.stockbazaar.support.ApiData;
import org.stockbazaar.support.ApiException;
import org.stockbazaar.support.ItemResult;
import org.stockbazaar.support.TradeLog;

/** Lookups are public; trades are internal (the order service applies them, one at a time or in batches). */
@RestController
class StockController {

    /** Large enough for any real order, small enough that no sum of them overflows a long. */
    static final long MAX_UNITS = 1_000_000;
    /** The front end sends at most 100 trades per batch; this leaves room without inviting a huge body. */
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

    @PostMapping("/internal/stocks/{name}/trades")
    ApiData<Catalog.TradeResult> trade(@PathVariable String name, @RequestBody TradeRequest request) {
        if (request != null && request.requestId() != null) {
            TradeLog.tagRequest(List.of(request.requestId()));
        }
        return ApiData.of(catalog.trade(name, TradeType.parse(checked(request).type()), request.quantity(),
                request.requestId()));
    }

    /**
     * A batch: {@code {"trades":[{"name","type","quantity","requestId"},...]}}, answered with one result per trade,
     * in order. A trade that is malformed is answered 400 on its own; the others go ahead.
     */
    @PostMapping("/internal/trades")
    ApiData<List<ItemResult<Catalog.TradeResult>>> tradeAll(@RequestBody TradeBatch batch) {
        if (batch.trades() == null || batch.trades().isEmpty() || batch.trades().size() > MAX_BATCH) {
            throw ApiException.badRequest("trades must hold 1 to " + MAX_BATCH + " trades");
        }
        TradeLog.tagRequest(batch.trades().stream()
                .map(trade -> trade == null || trade.requestId() == null ? "-" : trade.requestId()).toList());
        return ApiData.of(ItemResult.answerEach(batch.trades(), request -> {
            checked(request);
            if (request.name() == null) {
                throw ApiException.badRequest("name is required");
            }
            return new TradeOrder(request.name(), TradeType.parse(request.type()), request.quantity(),
                    request.requestId());
        }, catalog::tradeAll));
    }

    private static TradeRequest checked(TradeRequest request) {
        if (request == null) {
            throw ApiException.badRequest("a trade is required");
        }
        if (request.quantity() == null || request.quantity() < 1 || request.quantity() > MAX_UNITS) {
            throw ApiException.badRequest("quantity must be an integer from 1 to " + MAX_UNITS);
        }
        if (request.requestId() != null
                && (request.requestId().isBlank() || request.requestId().length() > MAX_REQUEST_ID_LENGTH)) {
            throw ApiException.badRequest("requestId must be 1 to " + MAX_REQUEST_ID_LENGTH + " characters");
        }
        return request;
    }

    record TradeBatch(List<TradeRequest> trades) {
    }
}
