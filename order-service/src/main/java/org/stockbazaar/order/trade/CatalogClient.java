package org.stockbazaar.order.trade;

import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.resilience.annotation.Retryable;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.stockbazaar.order.OrderProperties;
import org.stockbazaar.order.replication.NewOrder;
import org.stockbazaar.support.ApiData;
import org.stockbazaar.support.ApiException;
import org.stockbazaar.support.InternalProperties;
import org.stockbazaar.support.ItemResult;
import org.stockbazaar.support.KeepAliveHttp;
import tools.jackson.databind.JsonNode;

/**
 * Applies a batch of trades on the catalog ({@code POST /internal/trades}), each under its request id, and returns
 * the catalog's answer to each: applied, or refused with its status (unknown stock, not enough stock). Retrying is
 * always safe, since the catalog answers a repeated request id with its first result.
 */
@Component
class CatalogClient {

    private static final Logger log = LoggerFactory.getLogger(CatalogClient.class);
    private static final ParameterizedTypeReference<ApiData<List<ItemResult<JsonNode>>>> RESULTS =
            new ParameterizedTypeReference<>() {
            };

    private final RestClient http;

    CatalogClient(OrderProperties properties, InternalProperties internal) {
        this.http = KeepAliveHttp.internalClient(properties.connectTimeout(), properties.readTimeout(), internal.token())
                .baseUrl(properties.catalogUrl().toString())
                .build();
    }

    @Retryable(includes = RestClientException.class, excludes = HttpClientErrorException.class, maxRetries = 2,
            delay = 50)
    public List<ItemResult<JsonNode>> tradeAll(List<NewOrder> orders) {
        List<Map<String, Object>> trades = orders.stream().<Map<String, Object>>map(order -> Map.of(
                "name", order.name(), "type", order.type(), "quantity", order.quantity(),
                "requestId", order.requestId())).toList();
        ApiData<List<ItemResult<JsonNode>>> answer;
        try {
            answer = http.post().uri("/internal/trades").body(Map.of("trades", trades)).retrieve().body(RESULTS);
        } catch (HttpClientErrorException e) {
            // the leader checked every trade: the catalog refusing the batch itself means the two disagree
            log.error("The catalog refused a batch of {} trades: {} {}", orders.size(), e.getStatusCode().value(),
                    e.getResponseBodyAsString());
            throw new ApiException(HttpStatus.INTERNAL_SERVER_ERROR, "internal error");
        }
        if (answer == null || answer.data() == null || answer.data().size() != orders.size()) {
            throw new RestClientException("the catalog answered a batch of " + orders.size() + " trades with "
                    + (answer == null || answer.data() == null ? "no" : answer.data().size()) + " results");
        }
        return answer.data();
    }

    static ApiException unavailable() {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "catalog service unavailable");
    }
}
