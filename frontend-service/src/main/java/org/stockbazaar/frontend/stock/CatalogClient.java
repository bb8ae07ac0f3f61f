package org.stockbazaar.frontend.stock;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.resilience.annotation.Retryable;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.stockbazaar.frontend.FrontendProperties;
import org.stockbazaar.frontend.cache.Versioned;
import org.stockbazaar.support.ApiData;
import org.stockbazaar.support.ApiException;
import org.springframework.core.ParameterizedTypeReference;
import org.stockbazaar.support.ServiceClients;

/** Lookups on the catalog over pooled keep-alive connections; a refused or timed-out lookup is retried twice. */
@Component
class CatalogClient {

    /** The catalog's version of the stock it answers (docs/cache.md, "The front end that routed a trade"). */
    static final String VERSION_HEADER = "X-Stock-Version";
    private static final ParameterizedTypeReference<ApiData<Stock>> STOCK = new ParameterizedTypeReference<>() {
    };

    private final RestClient http;

    CatalogClient(FrontendProperties properties, ServiceClients clients) {
        this.http = clients.client(properties.connectTimeout(), properties.readTimeout())
                .baseUrl(properties.catalogUrl().toString())
                .build();
    }

    /** The stock, with the version the catalog gives it ({@code X-Stock-Version}; 0, older than any, if none). */
    @Retryable(includes = ResourceAccessException.class, maxRetries = 2, delay = 50)
    public Versioned<Stock> lookup(String name) {
        try {
            ResponseEntity<ApiData<Stock>> answer = http.get().uri("/stocks/{name}", name).retrieve().toEntity(STOCK);
            String version = answer.getHeaders().getFirst(VERSION_HEADER);
            return new Versioned<>(answer.getBody().data(), version == null ? 0 : Long.parseLong(version));
        } catch (HttpClientErrorException.NotFound e) {
            throw ApiException.notFound("stock not found");
        }
    }

    static ApiException unavailable() {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "catalog service unavailable");
    }
}
