package org.stockbazaar.frontend.stock;

import java.util.regex.Pattern;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.stockbazaar.support.ApiData;
import org.stockbazaar.support.ApiException;

@RestController
class StockController {

    /**
     * Stock names are short tickers and company names; anything else is refused before it reaches the cache. The
     * dot segments "." and ".." are refused too: Spring strips a path parameter ({@code /stocks/..;x}) and would hand
     * them over as names, and no HTTP client can send them on to the catalog unchanged.
     */
    private static final Pattern NAME = Pattern.compile("(?!\\.\\.?$)[A-Za-z0-9._-]{1,64}");

    private final StockLookup lookup;

    StockController(StockLookup lookup) {
        this.lookup = lookup;
    }

    @GetMapping("/stocks/{name}")
    ApiData<Stock> lookup(@PathVariable String name) {
        if (!NAME.matcher(name).matches()) {
            throw ApiException.badRequest("invalid stock name: use 1 to 64 letters, digits, '.', '_' or '-'");
        }
        return ApiData.of(lookup.lookup(name));
    }
}
