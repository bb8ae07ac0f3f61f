package org.stockbazaar.order.trade;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.stockbazaar.order.OrderProperties;
import org.stockbazaar.support.ApiData;
import org.stockbazaar.support.ApiException;
import org.stockbazaar.support.JsonClient;
import org.stockbazaar.support.ServiceClients;
import org.stockbazaar.support.trade.CommittedFeed;
import org.stockbazaar.support.trade.CommittedOrder;
import tools.jackson.core.type.TypeReference;

/**
 * The leader's two calls to the catalog: {@code POST /internal/leader} (a leader of this epoch starts feeding; where
 * does the catalog stand) and {@code POST /internal/committed} (apply these committed orders). Both are safe to
 * repeat: the catalog applies an order once, by its number. They are not retried here: the feed's own loop calls
 * again 50 ms later, and a trade waiting on a call that failed has its answer already.
 */
@Component
class CatalogClient {

    private static final ParameterizedTypeReference<ApiData<Position>> POSITION = new ParameterizedTypeReference<>() {
    };
    private static final TypeReference<ApiData<CommittedFeed.Reply>> APPLIED = new TypeReference<>() {
    };

    private final RestClient http;
    /** The feed's call, made for every batch of trades: a {@link JsonClient}. */
    private final JsonClient feed;

    CatalogClient(OrderProperties properties, ServiceClients clients) {
        this.http = clients.internal(properties.connectTimeout(), properties.readTimeout())
                .baseUrl(properties.catalogUrl().toString())
                .build();
        this.feed = clients.json(properties.catalogUrl().toString(), properties.connectTimeout(),
                properties.readTimeout());
    }

    /** Tells the catalog a leader of {@code epoch} feeds it from now on; answers where it stands. */
    Position follow(long epoch) {
        ApiData<Position> answer = http.post().uri("/internal/leader").body(new LeaderNotice(epoch)).retrieve()
                .body(POSITION);
        if (answer == null || answer.data() == null || answer.data().stocks() == null) {
            throw new IllegalStateException("the catalog answered POST /internal/leader without its position");
        }
        return answer.data();
    }

    /** Feeds committed orders, in number order; answers how many committed orders the catalog holds durably. */
    long applyCommitted(long epoch, List<CommittedOrder> orders) {
        ApiData<CommittedFeed.Reply> answer =
                feed.post("/internal/committed", new CommittedFeed(epoch, orders), APPLIED);
        if (answer == null || answer.data() == null) {
            throw new IllegalStateException("the catalog answered POST /internal/committed without a count");
        }
        return answer.data().applied();
    }

    static ApiException unavailable() {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "catalog service unavailable");
    }

    /** How many committed orders the catalog holds, and every stock's quantity after them. */
    record Position(long applied, List<StockQuantity> stocks) {

        Map<String, Long> quantities() {
            return stocks.stream().collect(Collectors.toMap(StockQuantity::name, StockQuantity::quantity));
        }
    }

    record StockQuantity(String name, long quantity) {
    }

    /** {@code {"epoch":3}}: the leader of epoch 3 feeds the catalog from now on. */
    record LeaderNotice(long epoch) {
    }
}
