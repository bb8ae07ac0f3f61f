package org.stockbazaar.client;

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
 * One client's HTTP/1.1 connection to a Stock Bazaar service: the front end, the catalog (whose
 * {@code GET /stocks/{name}} answers alike), or an order replica's internal endpoints (the chaos harness). Each
 * instance has its own JDK {@code HttpClient}, whose pool keeps the connection open between requests; a session
 * sends one request at a time, so it reuses that one connection (the server may still close it, e.g. Tomcat after
 * 100 requests on it, and the client then opens a new one).
 */
public final class BazaarConnection {

    static final String INTERNAL_HEADER = "X-Bazaar-Internal-Token";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http;
    private final URI base;
    private final Duration timeout;

    BazaarConnection(URI base, Duration timeout) {
        this(base, timeout, timeout.compareTo(Duration.ofSeconds(5)) < 0 ? timeout : Duration.ofSeconds(5));
    }

    public BazaarConnection(URI base, Duration timeout, Duration connectTimeout) {
        this.base = base;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout).build();
    }

    public Reply lookup(String stock) throws InterruptedException {
        return send(request("/stocks/" + stock).GET());
    }

    public Reply trade(String stock, String type, long quantity) throws InterruptedException {
        return send(tradeRequest(stock, type, quantity));
    }

    /** A trade that is safe to send again: the front end recognises its key and never trades twice. */
    public Reply trade(String idempotencyKey, String stock, String type, long quantity) throws InterruptedException {
        return send(tradeRequest(stock, type, quantity).header("Idempotency-Key", idempotencyKey));
    }

    private HttpRequest.Builder tradeRequest(String stock, String type, long quantity) {
        String body = JSON.writeValueAsString(Map.of("name", stock, "quantity", quantity, "type", type));
        return request("/orders").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    public Reply order(long number) throws InterruptedException {
        return send(request("/orders/" + number).GET());
    }

    /** An internal endpoint of the front end (the cache listing), with the run's shared secret. */
    public Reply internal(String path, String token) throws InterruptedException {
        return send(request(path).header(INTERNAL_HEADER, token).GET());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(timeout);
    }

    private Reply send(HttpRequest.Builder request) throws InterruptedException {
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return Reply.noAnswer(e.toString());
        }
        JsonNode body = null;
        try {
            body = response.body().isEmpty() ? null : JSON.readTree(response.body());
        } catch (JacksonException e) {
            // kept as text below: a reply that is not JSON is the server's error, and shows in the report as such
        }
        return new Reply(response.statusCode(), body, response.body());
    }

    /**
     * The front end's answer: {@code {"data":{...}}} on success, {@code {"error":{"code","message"}}} otherwise.
     * Status 0 means no HTTP answer came back; {@code text} then says why.
     */
    public record Reply(int status, JsonNode body, String text) {

        static Reply noAnswer(String why) {
            return new Reply(0, null, why);
        }

        public boolean ok() {
            return status == 200;
        }

        /** The {@code data} object, or a missing node (every {@code path(...)} of which is missing too). */
        public JsonNode data() {
            return body == null ? JSON.missingNode() : body.path("data");
        }

        /** What went wrong, in a few words: the error message if the body has one, else the text. */
        public String problem() {
            if (body != null && body.path("error").has("message")) {
                return body.path("error").path("message").asString();
            }
            // one line: the problem goes into a CSV cell and a table row
            String shown = text == null ? "" : text.strip().replaceAll("\\s+", " ");
            return shown.length() > 200 ? shown.substring(0, 200) + "..." : shown;
        }
    }
}
