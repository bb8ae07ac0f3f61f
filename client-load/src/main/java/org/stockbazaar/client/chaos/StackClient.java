package org.stockbazaar.client.chaos;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One client's keep-alive HTTP/1.1 connection to a service of the stack (the front end, the catalog or a replica).
 * Never throws for a failed request: the answer says status 0 and why.
 */
final class StackClient {

    static final String INTERNAL_HEADER = "X-Bazaar-Internal-Token";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http;
    private final URI base;
    private final Duration timeout;

    StackClient(URI base, Duration timeout) {
        this.base = base;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
    }

    HttpAnswer trade(String requestId, String stock, String type, long quantity) throws InterruptedException {
        String body = JSON.writeValueAsString(Map.of("name", stock, "quantity", quantity, "type", type));
        return send(request("/orders").header("Content-Type", "application/json").header("Idempotency-Key", requestId)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    HttpAnswer lookup(String stock) throws InterruptedException {
        return send(request("/stocks/" + stock).GET());
    }

    HttpAnswer order(long number) throws InterruptedException {
        return send(request("/orders/" + number).GET());
    }

    HttpAnswer internal(String path, String token) throws InterruptedException {
        return send(request(path).header(INTERNAL_HEADER, token).GET());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(timeout);
    }

    private HttpAnswer send(HttpRequest.Builder request) throws InterruptedException {
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return new HttpAnswer(0, JSON.missingNode(), e.toString());
        }
        JsonNode body;
        try {
            body = response.body().isEmpty() ? JSON.missingNode() : JSON.readTree(response.body());
        } catch (JacksonException e) {
            body = JSON.missingNode();
        }
        String problem = body.path("error").path("message").asString(response.statusCode() == 200 ? ""
                : response.body());
        return new HttpAnswer(response.statusCode(), body.path("data"), problem);
    }
}
