package org.stockbazaar.frontend.stock;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.stockbazaar.frontend.web.PlainApiFilter;
import org.stockbazaar.support.ApiData;
import org.stockbazaar.support.trade.TradeRules;
import tools.jackson.databind.json.JsonMapper;

@RestController
class StockController {

    static final String CACHE_HEADER = "X-Cache";
    static final String PATTERN = "/stocks/{name}";

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
    @GetMapping(PATTERN)
    ResponseEntity<ApiData<Stock>> lookup(
            @Parameter(description = "1 to 64 of A-Z a-z 0-9 . _ - (not . or ..)", example = "GameStart",
                    schema = @Schema(pattern = TradeRules.NAME_PATTERN)) @PathVariable String name) {
        // refused before it reaches the cache: a name no trade could hold (the dot segments too)
        TradeRules.checkName(name);
        Stock stock = lookedUp(lookup, name);
        return ResponseEntity.ok().header(CACHE_HEADER, servedBy()).body(ApiData.of(stock));
    }

    /** The stock; then {@link #servedBy()} says where from. */
    private static Stock lookedUp(StockLookup lookup, String name) {
        StockLookup.missed(); // a lookup on this thread that failed may have left it set
        return lookup.lookup(name).value();
    }

    /** What {@code X-Cache} says of the stock this thread just looked up. */
    private static String servedBy() {
        return StockLookup.missed() ? "miss" : "hit";
    }

    /**
     * The plain lookups, answered as {@link #lookup} would answer them but in front of Spring MVC
     * ({@link PlainApiFilter}); declared here so that a {@code @WebMvcTest} of this controller serves it too.
     */
    @Bean
    static FilterRegistrationBean<PlainApiFilter> plainLookups(StockLookup lookup, JsonMapper json) {
        return PlainApiFilter.get(PATTERN, TradeRules::isName,
                (name, response) -> {
                    Stock stock = lookedUp(lookup, name);
                    response.setHeader(CACHE_HEADER, servedBy());
                    return stock;
                }, json);
    }
}
