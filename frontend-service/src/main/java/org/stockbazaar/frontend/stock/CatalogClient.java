package org.stockbazaar.frontend.stock;

import org.springframework.http.HttpStatus;
import org.springframework.resilience.annotation.Retryable;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.stockbazaar.frontend.FrontendProperties;
import org.stockbazaar.support.ApiData;
import org.stockbazaar.support.ApiException;
import org.springframework.core.ParameterizedTypeReference;
import org.stockbazaar.support.ServiceClients;

/** Lookups on the catalog over pooled keep-alive connections; a refused or timed-out lookup is retried twice. */
@Component
class CatalogClient {

    private static final ParameterizedTypeReference<ApiData<Stock>> STOCK = new ParameterizedTypeReference<>() {
    };

    private final RestClient http;

    CatalogClient(FrontendProperties properties, ServiceClients clients) {
        this.http = clients.client(properties.connectTimeout(), properties.readTimeout())
                .baseUrl(properties.catalogUrl().toString())
                .build();
    }

    @Retryable(includes = ResourceAccessException.class, maxRetries = 2, delay = 50)
    public Stock lookup(String name) {
        try {
            return http.get().uri("/stocks/{name}", name).retrieve().body(STOCK).data();
        } catch (HttpClientErrorException.NotFound e) {
            throw ApiException.notFound("stock not found");
        }
    }

    static ApiException unavailable() {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "catalog service unavailable");
    }
}
