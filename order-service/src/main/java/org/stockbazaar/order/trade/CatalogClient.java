package org.stockbazaar.order.trade;

import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.resilience.annotation.Retryable;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.stockbazaar.order.OrderProperties;
import org.stockbazaar.support.ApiException;
import org.stockbazaar.support.InternalProperties;
import org.stockbazaar.support.KeepAliveHttp;
import tools.jackson.databind.JsonNode;

/**
 * Applies a trade on the catalog under its request id. Retrying is always safe, since the catalog answers a repeated
 * request id with its first result; a refusal (unknown stock, not enough stock) comes back with its status.
 */
@Component
class CatalogClient {

    private final RestClient http;

    CatalogClient(OrderProperties properties, InternalProperties internal) {
        this.http = KeepAliveHttp.restClient(properties.connectTimeout(), properties.readTimeout())
                .baseUrl(properties.catalogUrl().toString())
                .defaultHeader(InternalProperties.HEADER, internal.token())
                .build();
    }

    @Retryable(includes = RestClientException.class, excludes = HttpClientErrorException.class, maxRetries = 2,
            delay = 50)
    public void trade(String requestId, String name, String type, long quantity) {
        try {
            http.post().uri("/internal/stocks/{name}/trades", name)
                    .body(Map.of("type", type, "quantity", quantity, "requestId", requestId))
                    .retrieve().toBodilessEntity();
        } catch (HttpClientErrorException e) {
            JsonNode error = e.getResponseBodyAs(JsonNode.class);
            String message = error != null && error.has("error") ? error.get("error").get("message").asString()
                    : e.getStatusText();
            throw new ApiException(HttpStatus.valueOf(e.getStatusCode().value()), message);
        }
    }

    static ApiException unavailable() {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "catalog service unavailable");
    }
}
