package org.stockbazaar.frontend.stock;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.stockbazaar.support.ApiData;
import org.stockbazaar.support.trade.TradeRules;

@RestController
class StockController {

    static final String CACHE_HEADER = "X-Cache";

    private final StockLookup lookup;

    StockController(StockLookup lookup) {
        this.lookup = lookup;
    }

    /**
     * Answers with {@code X-Cache: hit} when the cache served the stock and {@code miss} when the catalog did (so
     * always {@code miss} with the cache off), as HTTP caches say it: a client measures the cache's effect from
     * the answers themselves (docs/cache.md). An error carries no such header.
     */
    @Operation(summary = "A stock's price and quantity")
    @GetMapping("/stocks/{name}")
    ResponseEntity<ApiData<Stock>> lookup(
            @Parameter(description = "1 to 64 of A-Z a-z 0-9 . _ -", example = "GameStart") @PathVariable String name) {
        // refused before it reaches the cache: a name no trade could hold (the dot segments too)
        TradeRules.checkName(name);
        StockLookup.missed(); // a lookup on this thread that failed may have left it set
        Stock stock = lookup.lookup(name).value();
        return ResponseEntity.ok().header(CACHE_HEADER, StockLookup.missed() ? "miss" : "hit")
                .body(ApiData.of(stock));
    }
}
