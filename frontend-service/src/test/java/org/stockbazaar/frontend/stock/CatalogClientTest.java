package org.stockbazaar.frontend.stock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.stockbazaar.frontend.FrontendProperties;
import org.stockbazaar.frontend.LoopbackServer;
import org.stockbazaar.frontend.cache.Versioned;
import org.stockbazaar.support.ApiException;
import org.stockbazaar.support.ServiceClients;

/**
 * A cache miss asks the catalog's {@code POST /internal/lookup}; a catalog of an earlier version, without it, is
 * asked with its public {@code GET /stocks/{name}}, and a stock that does not exist is "stock not found" from both.
 */
class CatalogClientTest {

    private static final String GAME_START = "{\"name\":\"GameStart\",\"price\":15.99,\"quantity\":97}";
    private static final String NOT_FOUND = "{\"error\":{\"code\":404,\"message\":\"stock not found\"}}";

    private HttpServer catalog;

    @AfterEach
    void stopCatalog() {
        catalog.stop(0);
    }

    private CatalogClient clientOf(HttpServer server) {
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        FrontendProperties properties = new FrontendProperties(url, Duration.ofSeconds(1), Duration.ofSeconds(1),
                List.of("1=http://127.0.0.1:1"), Duration.ofSeconds(10), Duration.ofSeconds(2), 2, 1000);
        return new CatalogClient(properties, ServiceClients.plain("test-token"));
    }

    @Test
    void aMissGetsTheStockAndItsVersionFromTheInternalLookup() {
        catalog = LoopbackServer.start("/", exchange -> {
            String call = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (call.equals("POST /internal/lookup") && body.contains("\"GameStart\"")) {
                send(exchange, 200, "{\"data\":{\"stock\":" + GAME_START + ",\"version\":12}}");
            } else if (call.equals("POST /internal/lookup")) {
                send(exchange, 404, NOT_FOUND);
            } else {
                send(exchange, 500, "{\"error\":{\"code\":500,\"message\":\"not expected: " + call + "\"}}");
            }
        });
        CatalogClient client = clientOf(catalog);

        assertThat(client.lookup("GameStart"))
                .isEqualTo(new Versioned<>(new Stock("GameStart", new BigDecimal("15.99"), 97), 12));
        assertThatThrownBy(() -> client.lookup("Nope")).isInstanceOf(ApiException.class)
                .hasMessage("stock not found");
    }

    @Test
    void aCatalogWithoutTheInternalLookupIsAskedWithItsPublicOne() {
        catalog = LoopbackServer.start("/", exchange -> {
            String call = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
            exchange.getRequestBody().readAllBytes();
            switch (call) {
                case "GET /stocks/GameStart" -> {
                    exchange.getResponseHeaders().add("X-Stock-Version", "7");
                    send(exchange, 200, "{\"data\":" + GAME_START + "}");
                }
                case "GET /stocks/Nope" -> send(exchange, 404, NOT_FOUND);
                default -> send(exchange, 404, "{\"error\":{\"code\":404,\"message\":\"no such endpoint\"}}");
            }
        });
        CatalogClient client = clientOf(catalog);

        assertThat(client.lookup("GameStart"))
                .isEqualTo(new Versioned<>(new Stock("GameStart", new BigDecimal("15.99"), 97), 7));
        assertThatThrownBy(() -> client.lookup("Nope")).isInstanceOf(ApiException.class)
                .hasMessage("stock not found");
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
