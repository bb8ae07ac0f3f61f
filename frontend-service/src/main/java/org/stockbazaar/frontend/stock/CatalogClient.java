package org.stockbazaar.frontend.stock;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.resilience.annotation.Retryable;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.stockbazaar.frontend.FrontendProperties;
import org.stockbazaar.frontend.cache.Versioned;
import org.stockbazaar.frontend.leader.ReplicaClient;
import org.stockbazaar.support.ApiData;
import org.stockbazaar.support.ApiException;
import org.stockbazaar.support.JsonClient;
import org.stockbazaar.support.ServiceClients;
import tools.jackson.core.type.TypeReference;

/**
 * Lookups on the catalog ({@code POST /internal/lookup}, in frames where the catalog takes them, else over pooled
 * keep-alive HTTP); a refused or timed-out lookup is retried twice. A catalog of an earlier version, which has no
 * such endpoint, is asked with its public {@code GET /stocks/{name}} instead, so that a front end upgraded first
 * does not answer "stock not found" for every miss.
 */
@Component
class CatalogClient {

    private static final TypeReference<ApiData<VersionedStock>> STOCK = new TypeReference<>() {
    };
    private static final ParameterizedTypeReference<ApiData<Stock>> PUBLIC_STOCK =
            new ParameterizedTypeReference<>() {
            };
    /** The version of the stock that the catalog's public lookup answers, in a header. */
    private static final String VERSION_HEADER = "X-Stock-Version";
    private static final String STOCK_NOT_FOUND = "stock not found";

    private final JsonClient catalog;
    private final RestClient publicApi;

    CatalogClient(FrontendProperties properties, ServiceClients clients) {
        this.catalog = clients.json(properties.catalogUrl().toString(), properties.connectTimeout(),
                properties.readTimeout());
        this.publicApi = clients.client(properties.connectTimeout(), properties.readTimeout())
                .baseUrl(properties.catalogUrl().toString())
                .build();
    }

    /** The stock, with the version the catalog gives it (docs/cache.md, "The front end that routed a trade"). */
    @Retryable(includes = ResourceAccessException.class, maxRetries = 2, delay = 50)
    public Versioned<Stock> lookup(String name) {
        ApiData<VersionedStock> answer;
        try {
            answer = catalog.post("/internal/lookup", new LookupRequest(name), STOCK);
        } catch (HttpClientErrorException.NotFound e) {
            if (!STOCK_NOT_FOUND.equals(ReplicaClient.messageOf(e))) {
                return publicLookup(name); // "no such endpoint": a catalog from before POST /internal/lookup
            }
            throw ApiException.notFound(STOCK_NOT_FOUND);
        }
        if (answer == null || answer.data() == null || answer.data().stock() == null) {
            throw new IllegalStateException("the catalog answered a lookup of " + name + " without the stock");
        }
        return new Versioned<>(answer.data().stock(), answer.data().version());
    }

    private Versioned<Stock> publicLookup(String name) {
        try {
            ResponseEntity<ApiData<Stock>> answer = publicApi.get().uri("/stocks/{name}", name).retrieve()
                    .toEntity(PUBLIC_STOCK);
            String version = answer.getHeaders().getFirst(VERSION_HEADER);
            if (answer.getBody() == null || answer.getBody().data() == null) {
                throw new IllegalStateException("the catalog answered GET /stocks/" + name + " without the stock");
            }
            return new Versioned<>(answer.getBody().data(), version == null ? 0 : Long.parseLong(version));
        } catch (HttpClientErrorException.NotFound e) {
            throw ApiException.notFound(STOCK_NOT_FOUND);
        }
    }

    static ApiException unavailable() {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "catalog service unavailable");
    }

    record LookupRequest(String name) {
    }

    record VersionedStock(Stock stock, long version) {
    }
}
