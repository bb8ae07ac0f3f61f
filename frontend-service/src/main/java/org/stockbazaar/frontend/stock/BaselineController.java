package org.stockbazaar.frontend.stock;

import java.math.BigDecimal;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.stockbazaar.support.ApiData;

/**
 * For benchmarks only (off unless {@code bazaar.frontend.baseline-endpoint=true}): a lookup-shaped constant served by
 * the same server, filters and JSON encoding as a real lookup, with no cache and no catalog. Its throughput is the
 * ceiling that lookups are measured against in docs/performance.md.
 */
@RestController
@ConditionalOnProperty(prefix = "bazaar.frontend", name = "baseline-endpoint", havingValue = "true")
class BaselineController {

    private static final Stock CONSTANT = new Stock("GameStart", new BigDecimal("15.99"), 100);

    @GetMapping("/baseline")
    ApiData<Stock> constant() {
        return ApiData.of(CONSTANT);
    }
}
