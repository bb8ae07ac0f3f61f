package org.stockbazaar.frontend.stock;

import java.math.BigDecimal;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.stockbazaar.support.ApiData;
import org.stockbazaar.support.ApiException;

/**
 * For benchmarks only (off unless {@code bazaar.frontend.baseline-endpoint=true}): a lookup-shaped constant served by
 * the same server, filters and JSON encoding as a real lookup, with no cache and no catalog, through Spring MVC's
 * dispatch, which a plain lookup leaves out ({@code PlainApiFilter}): what that dispatch costs, in
 * docs/performance.md. Off, {@code /baseline} answers 404 like any unknown path (decided at run time, not by a
 * condition on the bean: Spring's ahead-of-time processing would fix that at build time).
 */
@RestController
class BaselineController {

    private static final Stock CONSTANT = new Stock("GameStart", new BigDecimal("15.99"), 100);

    private final boolean enabled;

    BaselineController(@Value("${bazaar.frontend.baseline-endpoint:false}") boolean enabled) {
        this.enabled = enabled;
    }

    @GetMapping("/baseline")
    ApiData<Stock> constant() {
        if (!enabled) {
            throw ApiException.noSuchEndpoint();
        }
        return ApiData.of(CONSTANT);
    }
}
