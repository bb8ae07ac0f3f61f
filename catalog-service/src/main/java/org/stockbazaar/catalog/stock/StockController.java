package org.stockbazaar.catalog.stock;

import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.stockbazaar.support.ApiData;
import org.stockbazaar.support.ApiException;

/** Lookups are public; trades are internal (the order service applies them). */
@RestController
class StockController {

    /** Large enough for any real order, small enough that no sum of them overflows a long. */
    static final long MAX_UNITS = 1_000_000;
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
        if (request.quantity() == null || request.quantity() < 1 || request.quantity() > MAX_UNITS) {
            throw ApiException.badRequest("quantity must be an integer from 1 to " + MAX_UNITS);
        }
        if (request.requestId() != null
                && (request.requestId().isBlank() || request.requestId().length() > MAX_REQUEST_ID_LENGTH)) {
            throw ApiException.badRequest("requestId must be 1 to " + MAX_REQUEST_ID_LENGTH + " characters");
        }
        return ApiData.of(catalog.trade(name, TradeType.parse(request.type()), request.quantity(),
                request.requestId()));
    }
}
