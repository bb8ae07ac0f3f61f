package org.stockbazaar.frontend.stock;

import org.springframework.http.HttpStatus;
import org.springframework.resilience.annotation.Retryable;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.ResourceAccessException;
import org.stockbazaar.frontend.FrontendProperties;
import org.stockbazaar.frontend.cache.Versioned;
import org.stockbazaar.support.ApiData;
import org.stockbazaar.support.ApiException;
import org.stockbazaar.support.JsonClient;
import org.stockbazaar.support.ServiceClients;
import tools.jackson.core.type.TypeReference;

/**
 * Lookups on the catalog ({@code POST /internal/lookup}, in frames where the catalog takes them, else over pooled
 * keep-alive HTTP); a refused or timed-out lookup is retried twice.
 */
@Component
class CatalogClient {

    private static final TypeReference<ApiData<VersionedStock>> STOCK = new TypeReference<>() {
    };

    private final JsonClient catalog;

    CatalogClient(FrontendProperties properties, ServiceClients clients) {
        this.catalog = clients.json(properties.catalogUrl().toString(), properties.connectTimeout(),
                properties.readTimeout());
    }

    /** The stock, with the version the catalog gives it (docs/cache.md, "The front end that routed a trade"). */
    @Retryable(includes = ResourceAccessException.class, maxRetries = 2, delay = 50)
    public Versioned<Stock> lookup(String name) {
        ApiData<VersionedStock> answer;
        try {
            answer = catalog.post("/internal/lookup", new LookupRequest(name), STOCK);
        } catch (HttpClientErrorException.NotFound e) {
            throw ApiException.notFound("stock not found");
        }
        if (answer == null || answer.data() == null || answer.data().stock() == null) {
            throw new IllegalStateException("the catalog answered a lookup of " + name + " without the stock");
        }
        return new Versioned<>(answer.data().stock(), answer.data().version());
    }

    static ApiException unavailable() {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "catalog service unavailable");
    }

    record LookupRequest(String name) {
    }

    record VersionedStock(Stock stock, long version) {
    }
}
