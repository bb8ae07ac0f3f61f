package org.stockbazaar.frontend.apidoc;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.stockbazaar.frontend.LoopbackServer;
import org.stockbazaar.support.trade.TradeType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The description at /v3/api-docs promises only what the front end does: every status it lists for an operation is
 * provoked here, for real, and answers in the error model with that code; and docs/api.md lists the same statuses.
 * Behind the front end runs one fake on 127.0.0.1 that answers as the catalog and as a leading order replica, with an
 * answer chosen by the stock name or order number (or, for a call sent without a leader, as a replica that cannot
 * lead).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "bazaar.internal.token=test-token",
        "bazaar.frontend.order-deadline=300ms"})
class PublicApiDescriptionTest {

    private static final JsonMapper JSON = new JsonMapper();
    private static final String ORDER = "{\"name\":\"%s\",\"quantity\":1,\"type\":\"buy\"}";
    private static final String LONG = "A".repeat(9000);

    /** How to make each documented status happen, by operation. A status missing here fails the test. */
    private static final Map<String, Map<Integer, Call>> PROVOKED = Map.of(
            "GET /stocks/{name}", Map.of(
                    200, Call.get("/stocks/GameStart"),
                    400, Call.get("/stocks/no%20spaces"),
                    404, Call.get("/stocks/Nope"),
                    414, Call.get("/stocks/" + LONG),
                    431, Call.get("/stocks/GameStart").header("X-Filler", LONG),
                    500, Call.get("/stocks/Broken"),
                    503, Call.get("/stocks/Down")),
            "POST /orders", Map.of(
                    200, Call.order("GameStart"),
                    400, Call.post("/orders", "application/json",
                            "{\"name\":\"GameStart\",\"quantity\":1.5,\"type\":\"buy\"}"),
                    404, Call.order("Nope"),
                    409, Call.order("Scarce"),
                    413, Call.post("/orders", "application/json", " ".repeat(5000) + ORDER.formatted("GameStart")),
                    415, Call.post("/orders", "text/plain", ORDER.formatted("GameStart")),
                    431, Call.order("GameStart").header("X-Filler", LONG),
                    500, Call.order("Misconfigured"),
                    503, Call.order("GameStart").withoutLeader(),
                    504, Call.order("Down")),
            "GET /orders/{number}", Map.of(
                    200, Call.get("/orders/0"),
                    400, Call.get("/orders/-1"),
                    404, Call.get("/orders/1"),
                    414, Call.get("/orders/" + "1".repeat(9000)),
                    431, Call.get("/orders/0").header("X-Filler", LONG),
                    500, Call.get("/orders/1536"),
                    503, Call.get("/orders/1024")));

    private static final HttpServer BACKEND = backend();
    /** While set, the fake is a replica that does not lead and cannot: the front end finds no leader. */
    private static volatile boolean leaderless;

    @LocalServerPort
    private int port;

    @DynamicPropertySource
    static void backendUrls(DynamicPropertyRegistry properties) {
        String url = "http://127.0.0.1:" + BACKEND.getAddress().getPort();
        properties.add("bazaar.frontend.catalog-url", () -> url);
        properties.add("bazaar.frontend.replicas", () -> "1=" + url);
    }

    @AfterAll
    static void stopBackend() {
        BACKEND.stop(0);
    }

    @Test
    void everyDocumentedStatusIsOneTheOperationReallyAnswers() throws Exception {
        Map<String, Set<Integer>> described = describedStatuses();
        JsonNode paths = description().get("paths");
        assertThat(described).containsOnlyKeys(PROVOKED.keySet());
        for (var operation : described.entrySet()) {
            for (int status : operation.getValue()) {
                Call call = PROVOKED.get(operation.getKey()).get(status);
                assertThat(call).as("how to provoke %d on %s", status, operation.getKey()).isNotNull();
                HttpResponse<String> response = send(call);
                assertThat(response.statusCode()).as("%s, provoked by %s", operation.getKey(), call)
                        .isEqualTo(status);
                String[] methodAndPath = operation.getKey().split(" ", 2);
                JsonNode headers = paths.get(methodAndPath[1]).get(methodAndPath[0].toLowerCase())
                        .get("responses").get(String.valueOf(status)).path("headers");
                for (String header : headers.propertyNames()) {
                    assertThat(response.headers().firstValue(header)).as("%s %d: header %s", operation.getKey(),
                            status, header).isPresent();
                }
                JsonNode body = JSON.readTree(response.body());
                if (status < 400) {
                    assertThat(body.propertyNames()).containsExactly("data");
                } else {
                    assertThat(body.propertyNames()).as(response.body()).containsExactly("error");
                    assertThat(body.get("error").get("code").asInt()).isEqualTo(status);
                    assertThat(body.get("error").get("message").stringValue()).isNotBlank();
                }
            }
        }
    }

    @Test
    void everyDocumentedErrorIsTheErrorModelWithAnExampleOfItsOwnCode() throws Exception {
        JsonNode paths = description().get("paths");
        for (String path : paths.propertyNames()) {
            for (String method : paths.get(path).propertyNames()) {
                JsonNode responses = paths.get(path).get(method).get("responses");
                for (String status : responses.propertyNames()) {
                    if (status.startsWith("2")) {
                        continue;
                    }
                    JsonNode json = responses.get(status).get("content").get("application/json");
                    assertThat(json.get("schema").get("$ref").stringValue()).isEqualTo("#/components/schemas/ApiError");
                    assertThat(json.get("example").get("error").get("code").asInt())
                            .isEqualTo(Integer.parseInt(status));
                }
            }
        }
    }

    @Test
    void docsApiMdListsTheSameOperationsAndStatuses() throws Exception {
        Set<String> documented = new TreeSet<>();
        // | `GET` | `/stocks/{name}` | 200, 400, 404 |
        Pattern row = Pattern.compile("^\\| `(GET|POST|PUT|DELETE|PATCH)` \\| `([^`]+)` \\| ([0-9, ]+) \\|$");
        for (String line : Files.readAllLines(Path.of("..", "docs", "api.md"))) {
            Matcher matcher = row.matcher(line.strip());
            if (matcher.matches()) {
                for (String status : matcher.group(3).split(",")) {
                    documented.add(matcher.group(1) + " " + matcher.group(2) + " " + status.strip());
                }
            }
        }
        Set<String> described = new TreeSet<>();
        describedStatuses().forEach((operation, statuses) ->
                statuses.forEach(status -> described.add(operation + " " + status)));
        assertThat(documented).isEqualTo(described);
    }

    @Test
    void describesThePublicApiOnly() throws Exception {
        JsonNode description = description();
        assertThat(description.get("paths").propertyNames()).containsExactlyInAnyOrder("/stocks/{name}", "/orders",
                "/orders/{number}");
        JsonNode order = description.get("paths").get("/orders").get("post").get("requestBody");
        assertThat(order.get("required").asBoolean()).isTrue();
        JsonNode json = order.get("content").get("application/json");
        assertThat(json.get("schema").get("$ref").stringValue()).isEqualTo("#/components/schemas/OrderRequest");
        assertThat(json.get("example").get("name").stringValue()).isEqualTo("GameStart");
        assertThat(description.get("components").get("schemas").get("OrderRequest").get("required").toString())
                .isEqualTo("[\"name\",\"quantity\",\"type\"]");
        JsonNode answers = description.get("paths").get("/orders").get("post").get("responses");
        for (String keyed : List.of("200", "504")) {
            assertThat(answers.get(keyed).get("headers").has("Idempotency-Key")).as(keyed).isTrue();
        }
        JsonNode lookup = description.get("paths").get("/stocks/{name}").get("get").get("responses");
        assertThat(lookup.get("200").get("headers").get("X-Cache").get("schema").get("enum").toString())
                .isEqualTo("[\"hit\",\"miss\"]");
        // every field of an answer is always there
        JsonNode schemas = description.get("components").get("schemas");
        assertThat(schemas.propertyNames()).contains("Stock", "Order", "ApiDataStock");
        for (String name : schemas.propertyNames()) {
            if (List.of("Stock", "Order").contains(name) || name.startsWith("ApiData")) {
                List<String> required = new ArrayList<>();
                schemas.get(name).get("required").forEach(field -> required.add(field.stringValue()));
                assertThat(required).as(name)
                        .containsExactlyInAnyOrderElementsOf(schemas.get(name).get("properties").propertyNames());
            }
        }
    }

    /** The description takes the types from the one list of them, by the names the API uses. */
    @Test
    void aNameTheDescriptionAllowsIsOneTheFrontEndTakes() throws Exception {
        JsonNode description = description();
        String pattern = description.get("components").get("schemas").get("OrderRequest").get("properties")
                .get("name").get("pattern").stringValue();
        Pattern described = Pattern.compile(pattern);
        for (String name : List.of("GameStart", "a_b-c.d", "...", ".", "..", "x".repeat(64), "x".repeat(65), "a b",
                "caf\u00e9", "")) {
            int status = send(Call.order(name)).statusCode();
            assertThat(status != 400).as("%s, answered %d", name, status).isEqualTo(described.matcher(name).find());
        }
        JsonNode lookup = description.get("paths").get("/stocks/{name}").get("get").get("parameters").get(0);
        assertThat(lookup.get("schema").get("pattern").stringValue()).isEqualTo(pattern);
        JsonNode number = description.get("paths").get("/orders/{number}").get("get").get("parameters").get(0)
                .get("schema");
        assertThat(number.get("type").stringValue()).isEqualTo("integer");
        assertThat(number.get("minimum").asInt()).isZero();
    }

    @Test
    void anOrdersTypeIsDescribedAsEveryTradeTypeByItsWireName() throws Exception {
        JsonNode schemas = description().get("components").get("schemas");
        List<String> wireNames = Arrays.stream(TradeType.values()).map(TradeType::wireName).toList();

        for (String schema : List.of("OrderRequest", "Order")) {
            JsonNode type = schemas.get(schema).get("properties").get("type");
            assertThat(type.get("enum").valueStream().map(JsonNode::stringValue).toList()).as(schema)
                    .isEqualTo(wireNames);
        }
    }

    @Test
    void swaggerUiIsServedAndUnknownPathsKeepTheErrorModel() throws Exception {
        assertThat(send(Call.get("/swagger-ui/index.html")).statusCode()).isEqualTo(200);
        HttpResponse<String> unknown = send(Call.get("/v3/nope"));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo("{\"error\":{\"code\":404,\"message\":\"no such endpoint\"}}");
    }

    private Map<String, Set<Integer>> describedStatuses() throws Exception {
        Map<String, Set<Integer>> statuses = new java.util.TreeMap<>();
        JsonNode paths = description().get("paths");
        for (String path : paths.propertyNames()) {
            for (String method : paths.get(path).propertyNames()) {
                Set<Integer> codes = new TreeSet<>();
                paths.get(path).get(method).get("responses").propertyNames().forEach(code -> codes.add(
                        Integer.parseInt(code)));
                statuses.put(method.toUpperCase() + " " + path, codes);
            }
        }
        return statuses;
    }

    private JsonNode description() throws Exception {
        HttpResponse<String> response = send(Call.get("/v3/api-docs"));
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> send(Call call) throws Exception {
        if (!call.noLeader()) {
            return sendNow(call);
        }
        leaderless = true;
        try {
            // the leader the front end knows answers "not the leader" to a query (of an order the front end does not
            // hold), and the front end finds no other
            assertThat(sendNow(Call.get("/orders/1")).statusCode()).isEqualTo(503);
            return sendNow(call);
        } finally {
            leaderless = false;
        }
    }

    private HttpResponse<String> sendNow(Call call) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + call.path()));
        call.headers().forEach(request::header);
        request.method(call.method(), call.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(call.body()));
        // a client per call: the front end closes the connection after some errors (413, 414, 431), and a pooled
        // connection it has closed would fail the next call
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    /** A request; {@code noLeader}: sent while no replica leads or can lead. */
    private record Call(String method, String path, Map<String, String> headers, String body, boolean noLeader) {

        static Call get(String path) {
            return new Call("GET", path, Map.of(), null, false);
        }

        static Call post(String path, String contentType, String body) {
            return new Call("POST", path, Map.of("Content-Type", contentType), body, false);
        }

        Call withoutLeader() {
            return new Call(method, path, headers, body, true);
        }

        static Call order(String name) {
            return post("/orders", "application/json", ORDER.formatted(name));
        }

        Call header(String name, String value) {
            Map<String, String> more = new java.util.HashMap<>(headers);
            more.put(name, value);
            return new Call(method, path, more, body, noLeader);
        }

        @Override
        public String toString() {
            return method + " " + (path.length() > 40 ? path.substring(0, 40) + "..." : path)
                    + (noLeader ? " (no leader)" : "");
        }
    }

    /** The catalog and a leading order replica in one: the answer depends on the stock name or order number. */
    private static HttpServer backend() {
        return LoopbackServer.start("/", PublicApiDescriptionTest::answer);
    }

    private static void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] request = exchange.getRequestBody().readAllBytes();
            String call = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
            if (leaderless && call.equals("GET /internal/replica/status")) {
                send(exchange, 200, "{\"data\":{\"id\":1,\"role\":\"FOLLOWER\",\"leaderId\":0,\"promisedEpoch\":1,"
                        + "\"logEpoch\":1,\"lastIndex\":0,\"commitIndex\":0,\"ready\":false}}");
                return;
            }
            if (leaderless && (call.contains(" /internal/order") || call.equals("POST /internal/replica/lead"))) {
                send(exchange, 503, "{\"error\":{\"code\":503,\"message\":\"not the leader\"}}");
                return;
            }
            if (call.equals("POST /internal/lookup")) {
                // the catalog's lookup for a cache miss names its stock in the body
                call = "lookup " + JSON.readTree(request).get("name").stringValue();
            }
            switch (call) {
                case "lookup GameStart" -> send(exchange, 200, "{\"data\":{\"stock\":{\"name\":\"GameStart\","
                        + "\"price\":15.99,\"quantity\":100},\"version\":0}}");
                case "lookup Nope" -> send(exchange, 404,
                        "{\"error\":{\"code\":404,\"message\":\"stock not found\"}}");
                case "lookup Down" -> send(exchange, 503, "{\"error\":{\"code\":503,\"message\":\"down\"}}");
                // a catalog that answers nonsense: a fault the front end cannot blame on anyone
                case "lookup Broken" -> send(exchange, 200, "null");
                case "GET /internal/replica/status" -> send(exchange, 200, "{\"data\":{\"id\":1,\"role\":\"LEADER\","
                        + "\"leaderId\":1,\"promisedEpoch\":1,\"logEpoch\":1,\"lastIndex\":0,\"commitIndex\":0,"
                        + "\"ready\":true}}");
                case "POST /internal/replica/lead" -> send(exchange, 200, "{\"data\":{\"leaderId\":1,\"epoch\":1}}");
                case "POST /internal/replica/leader" -> exchange.sendResponseHeaders(204, -1);
                case "POST /internal/orders" -> trades(exchange, JSON.readTree(request).get("trades"));
                // one committed order: 0
                case "GET /internal/order-blocks/0" -> send(exchange, 200, "{\"data\":{\"first\":0,"
                        + "\"names\":[\"GameStart\"],\"types\":[\"buy\"],\"quantities\":[1]}}");
                case "GET /internal/order-blocks/1024" -> send(exchange, 503,
                        "{\"error\":{\"code\":503,\"message\":\"down\"}}");
                // a replica that refuses the front end's token: misconfigured, and no retry fixes it
                case "GET /internal/order-blocks/1536" -> send(exchange, 403,
                        "{\"error\":{\"code\":403,\"message\":\"no\"}}");
                default -> send(exchange, 404, "{\"error\":{\"code\":404,\"message\":\"no such endpoint\"}}");
            }
        }
    }

    private static void trades(HttpExchange exchange, JsonNode trades) throws IOException {
        List<String> results = new ArrayList<>();
        for (JsonNode trade : trades) {
            switch (trade.get("name").stringValue()) {
                case "Down" -> {
                    send(exchange, 503, "{\"error\":{\"code\":503,\"message\":\"down\"}}");
                    return;
                }
                case "Misconfigured" -> {
                    send(exchange, 403, "{\"error\":{\"code\":403,\"message\":\"no\"}}");
                    return;
                }
                case "Nope" -> results.add("{\"error\":{\"code\":404,\"message\":\"stock not found\"}}");
                case "Scarce" ->
                        results.add("{\"error\":{\"code\":409,\"message\":\"not enough stock: only 0 left\"}}");
                default -> results.add("{\"data\":{\"transaction_number\":0}}");
            }
        }
        send(exchange, 200, "{\"data\":[" + String.join(",", results) + "]}");
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }
}
