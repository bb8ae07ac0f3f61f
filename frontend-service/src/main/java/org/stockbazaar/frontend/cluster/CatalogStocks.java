package org.stockbazaar.frontend.cluster;

import java.util.List;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.web.client.RestClient;
import org.stockbazaar.frontend.FrontendProperties;
import org.stockbazaar.frontend.stock.Stock;
import org.stockbazaar.support.ApiData;
import org.stockbazaar.support.ServiceClients;

/**
 * Every stock's quantity, straight from the catalog ({@code GET /internal/stocks}), never from the cache: the page
 * shows what the catalog holds. Its own pool, and the short control timeout for the answer too, as for the replica
 * probes: a slow catalog shows as unavailable on the page rather than holding its poll.
 */
final class CatalogStocks {

    private static final ParameterizedTypeReference<ApiData<List<Stock>>> STOCKS =
            new ParameterizedTypeReference<>() {
            };

    private final RestClient http;

    CatalogStocks(FrontendProperties properties, ServiceClients clients) {
        this.http = clients.internal(properties.connectTimeout(), properties.connectTimeout())
                .baseUrl(properties.catalogUrl().toString())
                .build();
    }

    List<Stock> all() {
        ApiData<List<Stock>> answer = http.get().uri("/internal/stocks").retrieve().body(STOCKS);
        return answer == null || answer.data() == null ? List.of() : answer.data();
    }
}
