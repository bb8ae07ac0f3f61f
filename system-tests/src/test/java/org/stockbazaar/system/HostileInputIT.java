package org.stockbazaar.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.stockbazaar.client.launch.ServiceProcess;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Hostile input against the real services (docs/hostile-input.md, "Hostile input"): each request is written by hand on
 * a socket, and each gets its 4xx in the JSON error model with a message that names the problem. Nothing in the
 * sweep is a valid trade, so afterwards the catalog, its journal and the three order logs must be exactly as before,
 * and every service must still answer. (Failsafe runs the IT classes one after the other in one JVM, and the methods
 * of this class run in order, so no other test trades between the snapshot and the final check.)
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String JSON_TYPE = "application/json";
    private static final String INVALID_NAME = "invalid stock name: use 1 to 64 letters, digits, '.', '_' or '-'";
    private static final String MALFORMED_JSON = "malformed JSON: expected an object with name, quantity and type";
    private static final String INVALID_QUANTITY = "quantity must be an integer from 1 to 1000000";
    private static final String INVALID_TYPE = "type must be \"buy\" or \"sell\"";
    private static final String INVALID_NUMBER = "order number must be a non-negative integer";
    private static final String TOO_LARGE = "request body too large: an order has at most 4096 bytes";
    private static final String UNSUPPORTED = "content type not supported: send application/json";
    private static final String MISSING_TOKEN = "internal endpoint: missing X-Bazaar-Internal-Token";
    private static final String WRONG_TOKEN = "internal endpoint: wrong internal token";

    private static Stack stack;
    private static Api api;
    private static State before;
    private static int casesRun;

    enum Target {
        FRONTEND(s -> s.frontend.url()), CATALOG(s -> s.catalog.url()), REPLICA_1(s -> s.replica(1).url()),
        REPLICA_2(s -> s.replica(2).url()), REPLICA_3(s -> s.replica(3).url());

        private final Function<Stack, URI> url;

        Target(Function<Stack, URI> url) {
            this.url = url;
        }
    }

    /** One hostile request and what must come back: this status, and a message matching {@code message}. */
    record Case(String name, Target target, String request, int status, Pattern message) {

        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void snapshot() {
        stack = Stack.get();
        api = new Api(stack.token);
        // a leader chosen and every replica in step before the snapshot: the sweep's first order must not be the one
        // that makes the front end choose a leader
        assertThat(api.post(stack.frontend.url().resolve("/orders"),
                Map.of("name", "BoarCo", "quantity", 1, "type", "sell")).status()).isEqualTo(200);
        new Replicas(stack).awaitIdenticalLogs();
        before = State.read();
    }

    static Stream<Case> publicApi() {
        String order = "{\"name\":\"GameStart\",\"quantity\":1,\"type\":\"buy\"}";
        String longName = "A".repeat(65);
        return Stream.of(
                // GET /stocks/{name}
                get("unknown stock", "/stocks/NoSuchCo", 404, "stock not found"),
                get("name of 65 characters", "/stocks/" + longName, 400, INVALID_NAME),
                get("name of 10,000 characters", "/stocks/" + "A".repeat(10_000), 414,
                        "request line too long: a URL has at most 8 KB"),
                get("dot-dot name", "/stocks/..", 400, INVALID_NAME),
                get("encoded dot-dot name", "/stocks/%2e%2e", 400, INVALID_NAME),
                get("dot-dot with a path parameter", "/stocks/..;x=1", 400, INVALID_NAME),
                get("traversal to an order", "/stocks/../orders/0", 404, "no such endpoint"),
                get("traversal to the internal cache", "/stocks/../internal/cache", 404, "no such endpoint"),
                get("encoded traversal to the internal cache", "/stocks/..%2f..%2finternal%2fcache", 400,
                        "malformed request"),
                get("encoded slash in a name", "/stocks/Game%2FStart", 400, "malformed request"),
                get("encoded backslash in a name", "/stocks/Game%5CStart", 400, "malformed request"),
                get("encoded NUL in a name", "/stocks/Game%00Start", 400, "malformed request"),
                get("invalid percent-encoding", "/stocks/%zz", 400, "malformed request"),
                get("truncated percent-encoding", "/stocks/Game%2", 400, "malformed request"),
                get("encoded space in a name", "/stocks/Game%20Start", 400, INVALID_NAME),
                get("non-ASCII name", "/stocks/%C3%A9", 400, INVALID_NAME),
                get("raw angle brackets in a name", "/stocks/<script>", 400, "malformed request"),
                get("empty name", "/stocks/", 404, "no such endpoint"),
                raw("POST on a stock", Target.FRONTEND, RawHttp.request("POST", "/stocks/GameStart",
                        Map.of("Content-Type", JSON_TYPE), order), 405, "method POST not allowed here"),
                raw("DELETE on a stock", Target.FRONTEND, RawHttp.request("DELETE", "/stocks/GameStart", Map.of(),
                        null), 405, "method DELETE not allowed here"),
                raw("TRACE", Target.FRONTEND, RawHttp.request("TRACE", "/stocks/GameStart", Map.of(), null), 405,
                        "method not allowed"),
                raw("Accept: application/xml", Target.FRONTEND, RawHttp.request("GET", "/stocks/GameStart",
                        Map.of("Accept", "application/xml"), null), 406,
                        "only application/json responses are available"),
                raw("a header of 10,000 bytes", Target.FRONTEND, RawHttp.request("GET", "/stocks/GameStart",
                        Map.of("X-Big", "a".repeat(10_000)), null), 431,
                        "request headers too large: at most 8 KB and 100 headers"),
                raw("150 headers", Target.FRONTEND, "GET /stocks/GameStart HTTP/1.1\r\nHost: x\r\n"
                        + "X-H: v\r\n".repeat(150) + "\r\n", 431,
                        "request headers too large: at most 8 KB and 100 headers"),
                raw("no Host header", Target.FRONTEND, "GET /stocks/GameStart HTTP/1.1\r\nConnection: close\r\n\r\n",
                        400, "malformed request"),
                raw("not HTTP", Target.FRONTEND, "GARBAGE\r\n\r\n", 400, "malformed request"),
                raw("HTTP/9.9", Target.FRONTEND, "GET /stocks/GameStart HTTP/9.9\r\nHost: x\r\n\r\n", 505,
                        "http version not supported"),
                raw("control character in a header name", Target.FRONTEND,
                        "GET /stocks/GameStart HTTP/1.1\r\nHost: x\r\nX-Bad\u0001: v\r\n\r\n", 400,
                        "malformed request"),
                get("unknown path", "/nope", 404, "no such endpoint"),
                get("the error path itself", "/error", 404, "no such endpoint"),
                get("management endpoint without the secret (exposed or not)", "/actuator/env", 401,
                        "management endpoint: missing X-Bazaar-Internal-Token or Authorization Bearer"),
                get("metrics without the secret", "/actuator/metrics", 401,
                        "management endpoint: missing X-Bazaar-Internal-Token or Authorization Bearer"),

                // POST /orders: the body
                post("truncated JSON", "{\"name\":\"GameStart\",\"quantity\":1,\"type\":\"buy\"", 400, MALFORMED_JSON),
                post("empty body", "", 400, MALFORMED_JSON),
                post("JSON null", "null", 400, MALFORMED_JSON),
                post("JSON array", "[" + order + "]", 400, MALFORMED_JSON),
                post("JSON string", "\"buy GameStart\"", 400, MALFORMED_JSON),
                post("trailing data", order + " {}", 400, MALFORMED_JSON),
                post("a field twice", "{\"name\":\"GameStart\",\"name\":\"BoarCo\",\"quantity\":1,\"type\":\"buy\"}",
                        400, MALFORMED_JSON),
                post("not UTF-8", "\u00ff\u00fe{", 400, MALFORMED_JSON),
                post("UTF-16, which JSON's parser could read", new String(order.getBytes(StandardCharsets.UTF_16),
                        StandardCharsets.ISO_8859_1), 400, MALFORMED_JSON),
                post("NaN quantity", "{\"name\":\"GameStart\",\"quantity\":NaN,\"type\":\"buy\"}", 400,
                        MALFORMED_JSON),
                post("missing type", "{\"name\":\"GameStart\",\"quantity\":1}", 400, "missing field: type"),
                post("missing quantity", "{\"name\":\"GameStart\",\"type\":\"buy\"}", 400, "missing field: quantity"),
                post("missing name", "{\"quantity\":1,\"type\":\"buy\"}", 400, "missing field: name"),
                post("empty object", "{}", 400, "missing field: name"),
                post("extra field", "{\"name\":\"GameStart\",\"quantity\":1,\"type\":\"buy\",\"price\":0.01}", 400,
                        "unknown field: price (an order has only name, quantity and type)"),
                post("extra field of 1,000 characters", "{\"name\":\"GameStart\",\"quantity\":1,\"type\":\"buy\",\""
                        + "x".repeat(1_000) + "\":1}", 400,
                        "unknown field: " + "x".repeat(64) + "... (an order has only name, quantity and type)"),
                post("negative quantity", order.replace("\"quantity\":1", "\"quantity\":-1"), 400, INVALID_QUANTITY),
                post("zero quantity", order.replace("\"quantity\":1", "\"quantity\":0"), 400, INVALID_QUANTITY),
                post("quantity 1,000,001", order.replace("\"quantity\":1", "\"quantity\":1000001"), 400,
                        INVALID_QUANTITY),
                post("quantity 2^63", order.replace("\"quantity\":1", "\"quantity\":9223372036854775808"), 400,
                        INVALID_QUANTITY),
                post("quantity of 30 digits", order.replace("\"quantity\":1", "\"quantity\":" + "9".repeat(30)), 400,
                        INVALID_QUANTITY),
                post("quantity -2^63", order.replace("\"quantity\":1", "\"quantity\":-9223372036854775808"), 400,
                        INVALID_QUANTITY),
                post("quantity 1.5", order.replace("\"quantity\":1", "\"quantity\":1.5"), 400, INVALID_QUANTITY),
                post("quantity 1.0", order.replace("\"quantity\":1", "\"quantity\":1.0"), 400, INVALID_QUANTITY),
                post("quantity 1e3", order.replace("\"quantity\":1", "\"quantity\":1e3"), 400, INVALID_QUANTITY),
                post("quantity as a string", order.replace("\"quantity\":1", "\"quantity\":\"1\""), 400,
                        INVALID_QUANTITY),
                post("quantity true", order.replace("\"quantity\":1", "\"quantity\":true"), 400, INVALID_QUANTITY),
                post("quantity null", order.replace("\"quantity\":1", "\"quantity\":null"), 400, INVALID_QUANTITY),
                post("quantity an object", order.replace("\"quantity\":1", "\"quantity\":{\"n\":1}"), 400,
                        INVALID_QUANTITY),
                post("type BUY", order.replace("buy", "BUY"), 400, INVALID_TYPE),
                post("type hold", order.replace("buy", "hold"), 400, INVALID_TYPE),
                post("type a number", order.replace("\"buy\"", "1"), 400, INVALID_TYPE),
                post("name a number", order.replace("\"GameStart\"", "123"), 400, INVALID_NAME),
                post("name null", order.replace("\"GameStart\"", "null"), 400, INVALID_NAME),
                post("empty name", order.replace("GameStart", ""), 400, INVALID_NAME),
                post("name of 65 characters", order.replace("GameStart", longName), 400, INVALID_NAME),
                post("name of 4,000 characters", order.replace("GameStart", "A".repeat(4_000)), 400, INVALID_NAME),
                post("path traversal in the name", order.replace("GameStart", "../../etc/passwd"), 400,
                        INVALID_NAME),
                post("name ..", order.replace("GameStart", ".."), 400, INVALID_NAME),
                post("NUL in the name", order.replace("GameStart", "Game\\u0000Start"), 400, INVALID_NAME),
                post("comma and newline in the name", order.replace("GameStart", "Game,Start\\n1"), 400,
                        INVALID_NAME),
                post("unknown stock", order.replace("GameStart", "NoSuchCo"), 404, "stock not found"),
                like(post("buy of 1,000,000", order.replace("\"quantity\":1", "\"quantity\":1000000"), 409, ""),
                        "not enough stock: only \\d+ left"),

                // POST /orders: sizes, content types, headers
                post("body of 4,097 bytes", order + " ".repeat(4_097 - order.length()), 413, TOO_LARGE),
                post("body of 1 MB", order + " ".repeat(1_000_000), 413, TOO_LARGE),
                raw("Content-Length of 10 GB, no body", Target.FRONTEND, RawHttp.request("POST", "/orders",
                        Map.of("Content-Type", JSON_TYPE, "Content-Length", "10000000000"), null), 413, TOO_LARGE),
                raw("chunked body over 4096 bytes", Target.FRONTEND, RawHttp.request("POST", "/orders",
                        Map.of("Content-Type", JSON_TYPE, "Transfer-Encoding", "chunked"),
                        "1000\r\n" + " ".repeat(4096) + "\r\n1000\r\n" + " ".repeat(4096) + "\r\n0\r\n\r\n"), 413,
                        TOO_LARGE),
                raw("malformed chunk size", Target.FRONTEND, RawHttp.request("POST", "/orders",
                        Map.of("Content-Type", JSON_TYPE, "Transfer-Encoding", "chunked"), "zz\r\nabc\r\n0\r\n\r\n"),
                        400, "malformed request"),
                raw("Content-Length not a number", Target.FRONTEND, RawHttp.request("POST", "/orders",
                        Map.of("Content-Type", JSON_TYPE, "Content-Length", "abc"), order), 400, "malformed request"),
                raw("negative Content-Length", Target.FRONTEND, RawHttp.request("POST", "/orders",
                        Map.of("Content-Type", JSON_TYPE, "Content-Length", "-5"), order), 400, "malformed request"),
                raw("Content-Length beyond 64 bits", Target.FRONTEND, RawHttp.request("POST", "/orders",
                        Map.of("Content-Type", JSON_TYPE, "Content-Length", "9".repeat(30)), order), 400,
                        "malformed request"),
                raw("text/plain", Target.FRONTEND, RawHttp.request("POST", "/orders",
                        Map.of("Content-Type", "text/plain"), order), 415, UNSUPPORTED),
                raw("a form", Target.FRONTEND, RawHttp.request("POST", "/orders",
                        Map.of("Content-Type", "application/x-www-form-urlencoded"),
                        "name=GameStart&quantity=1&type=buy"), 415, UNSUPPORTED),
                raw("no content type", Target.FRONTEND, RawHttp.request("POST", "/orders", Map.of(), order), 415,
                        UNSUPPORTED),
                raw("unparseable content type", Target.FRONTEND, RawHttp.request("POST", "/orders",
                        Map.of("Content-Type", "json;;;=="), order), 415, UNSUPPORTED),
                raw("Idempotency-Key with a space", Target.FRONTEND, RawHttp.request("POST", "/orders",
                        Map.of("Content-Type", JSON_TYPE, "Idempotency-Key", "a b"), order), 400,
                        "Idempotency-Key must be 1 to 128 letters, digits, '.', '_', ':' or '-'"),
                raw("Idempotency-Key of 129 characters", Target.FRONTEND, RawHttp.request("POST", "/orders",
                        Map.of("Content-Type", JSON_TYPE, "Idempotency-Key", "k".repeat(129)), order), 400,
                        "Idempotency-Key must be 1 to 128 letters, digits, '.', '_', ':' or '-'"),
                raw("an order that accepts no JSON", Target.FRONTEND, RawHttp.request("POST", "/orders",
                        Map.of("Content-Type", JSON_TYPE, "Accept", "text/html"), order), 406,
                        "only application/json responses are available"),
                raw("GET /orders", Target.FRONTEND, RawHttp.request("GET", "/orders", Map.of(), null), 405,
                        "method GET not allowed here"),
                raw("PUT /orders", Target.FRONTEND, RawHttp.request("PUT", "/orders", Map.of("Content-Type",
                        JSON_TYPE), order), 405, "method PUT not allowed here"),

                // GET /orders/{n}
                get("order abc", "/orders/abc", 400, INVALID_NUMBER),
                get("order -1", "/orders/-1", 400, INVALID_NUMBER),
                get("order +1", "/orders/+1", 400, INVALID_NUMBER),
                get("order 1.5", "/orders/1.5", 400, INVALID_NUMBER),
                get("order 1e3", "/orders/1e3", 400, INVALID_NUMBER),
                get("order 0x10", "/orders/0x10", 400, INVALID_NUMBER),
                get("order 2^63", "/orders/9223372036854775808", 400, INVALID_NUMBER),
                get("order of 30 digits", "/orders/" + "9".repeat(30), 400, INVALID_NUMBER),
                get("order encoded -1", "/orders/%2D1", 400, INVALID_NUMBER),
                get("order 2^63-1", "/orders/9223372036854775807", 404, "order not found"),
                raw("DELETE an order", Target.FRONTEND, RawHttp.request("DELETE", "/orders/0", Map.of(), null), 405,
                        "method DELETE not allowed here"),

                // the catalog's public lookup
                raw("catalog: unknown stock", Target.CATALOG, RawHttp.request("GET", "/stocks/NoSuchCo", Map.of(),
                        null), 404, "stock not found"),
                raw("catalog: invalid percent-encoding", Target.CATALOG, RawHttp.request("GET", "/stocks/%zz",
                        Map.of(), null), 400, "malformed request"),
                raw("catalog: name of 10,000 characters", Target.CATALOG, RawHttp.request("GET",
                        "/stocks/" + "A".repeat(10_000), Map.of(), null), 414,
                        "request line too long: a URL has at most 8 KB"),
                raw("catalog: POST on a stock", Target.CATALOG, RawHttp.request("POST", "/stocks/GameStart",
                        Map.of("Content-Type", JSON_TYPE), order), 405, "method POST not allowed here"));
    }

    /** Every internal endpoint of every service, without the secret (401) and with a wrong one (403). */
    static Stream<Case> internalEndpoints() {
        String order = "{\"trades\":[{\"requestId\":\"forged-1\",\"name\":\"GameStart\",\"type\":\"sell\","
                + "\"quantity\":1}]}";
        String append = "{\"epoch\":999999,\"leaderId\":1,\"prevIndex\":-1,\"prevEpoch\":0,\"historyEnd\":0,"
                + "\"entries\":[{\"number\":0,\"epoch\":999999,\"requestId\":\"forged\",\"name\":\"GameStart\","
                + "\"type\":\"buy\",\"quantity\":1}]}";
        List<Case> cases = new ArrayList<>();
        List<Object[]> endpoints = new ArrayList<>(List.of(
                new Object[] {Target.FRONTEND, "GET", "/internal/cache", null},
                new Object[] {Target.FRONTEND, "DELETE", "/internal/cache", null},
                new Object[] {Target.FRONTEND, "DELETE", "/internal/cache/GameStart", null},
                new Object[] {Target.FRONTEND, "POST", "/internal/cache/evictions", "{\"names\":[\"GameStart\"]}"},
                new Object[] {Target.FRONTEND, "GET", "/internal;x=1/cache", null},
                new Object[] {Target.FRONTEND, "GET", "/%69nternal/cache", null},
                new Object[] {Target.FRONTEND, "GET", "/internal//cache", null},
                new Object[] {Target.CATALOG, "GET", "/internal/stocks", null},
                new Object[] {Target.CATALOG, "POST", "/internal/leader", "{\"epoch\":999999}"},
                new Object[] {Target.CATALOG, "POST", "/internal/committed", "{\"epoch\":999999,\"orders\":[{"
                        + "\"number\":0,\"name\":\"GameStart\",\"type\":\"sell\",\"quantity\":1}]}"}));
        for (Target replica : List.of(Target.REPLICA_1, Target.REPLICA_2, Target.REPLICA_3)) {
            endpoints.addAll(List.of(
                    new Object[] {replica, "GET", "/internal/replica/status", null},
                    new Object[] {replica, "POST", "/internal/replica/prepare", "{\"epoch\":999999,\"candidateId\":1}"},
                    new Object[] {replica, "POST", "/internal/replica/fetch",
                            "{\"requesterId\":1,\"prevIndex\":-1,\"prevEpoch\":0,\"max\":10}"},
                    new Object[] {replica, "POST", "/internal/replica/append", append},
                    new Object[] {replica, "POST", "/internal/replica/lead", null},
                    new Object[] {replica, "POST", "/internal/replica/leader", "{\"leaderId\":1,\"epoch\":999999}"},
                    new Object[] {replica, "POST", "/internal/orders", order},
                    new Object[] {replica, "GET", "/internal/orders/0", null},
                    new Object[] {replica, "GET", "/internal/order-blocks/0", null}));
        }
        for (Object[] endpoint : endpoints) {
            Target target = (Target) endpoint[0];
            String method = (String) endpoint[1];
            String path = (String) endpoint[2];
            String body = (String) endpoint[3];
            Map<String, String> type = body == null ? Map.of() : Map.of("Content-Type", JSON_TYPE);
            cases.add(raw(target + " " + method + " " + path + " without the secret", target,
                    RawHttp.request(method, path, type, body), 401, MISSING_TOKEN));
            Map<String, String> wrong = new java.util.HashMap<>(type);
            wrong.put(Api.INTERNAL_HEADER, "not-the-secret");
            cases.add(raw(target + " " + method + " " + path + " with a wrong secret", target,
                    RawHttp.request(method, path, wrong, body), 403, WRONG_TOKEN));
        }
        return cases.stream();
    }

    /** Internal endpoints with the secret, and bodies a buggy or hostile peer could send: refused, nothing applied. */
    static Stream<Case> internalBodies() {
        Map<String, String> json = Map.of("Content-Type", JSON_TYPE, Api.INTERNAL_HEADER, Stack.get().token);
        String feed = "/internal/committed";
        String order = "{\"number\":0,\"name\":\"GameStart\",\"type\":\"sell\",\"quantity\":%s}";
        return Stream.of(
                raw("catalog feed of an order of 1.5 units", Target.CATALOG, RawHttp.request("POST", feed, json,
                        "{\"epoch\":1,\"orders\":[" + order.formatted("1.5") + "]}"), 400,
                        "malformed request body: wrong type or value for orders[0].quantity"),
                raw("catalog feed of an order of \"3\" units", Target.CATALOG, RawHttp.request("POST", feed, json,
                        "{\"epoch\":1,\"orders\":[" + order.formatted("\"3\"") + "]}"), 400,
                        "malformed request body: wrong type or value for orders[0].quantity"),
                raw("catalog feed of an order of 2^63 units", Target.CATALOG, RawHttp.request("POST", feed, json,
                        "{\"epoch\":1,\"orders\":[" + order.formatted("9223372036854775808") + "]}"), 400,
                        "malformed request body: wrong type or value for orders[0].quantity"),
                raw("catalog feed of an order of -1 units", Target.CATALOG, RawHttp.request("POST", feed, json,
                        "{\"epoch\":1,\"orders\":[" + order.formatted("-1") + "]}"), 400, INVALID_QUANTITY),
                raw("catalog feed of an order without a quantity", Target.CATALOG, RawHttp.request("POST", feed,
                        json, "{\"epoch\":1,\"orders\":[{\"number\":0,\"name\":\"GameStart\",\"type\":\"sell\"}]}"),
                        400, INVALID_QUANTITY),
                raw("catalog feed of an order of type hold", Target.CATALOG, RawHttp.request("POST", feed, json,
                        "{\"epoch\":1,\"orders\":[{\"number\":0,\"name\":\"GameStart\",\"type\":\"hold\","
                                + "\"quantity\":1}]}"), 400, INVALID_TYPE),
                raw("catalog feed of an order without a number", Target.CATALOG, RawHttp.request("POST", feed, json,
                        "{\"epoch\":1,\"orders\":[{\"name\":\"GameStart\",\"type\":\"sell\",\"quantity\":1}]}"),
                        400, "each order needs a number from 0 on"),
                raw("catalog feed of an order with a request id of 129 characters", Target.CATALOG,
                        RawHttp.request("POST", feed, json, "{\"epoch\":1,\"orders\":[{\"number\":0,"
                                + "\"name\":\"GameStart\",\"type\":\"sell\",\"quantity\":1,\"requestId\":\""
                                + "r".repeat(129) + "\"}]}"), 400, "requestId must be 1 to 128 characters"),
                raw("catalog feed of an order routed by a front end named with a space", Target.CATALOG,
                        RawHttp.request("POST", feed, json, "{\"epoch\":1,\"orders\":[{\"number\":0,"
                                + "\"name\":\"GameStart\",\"type\":\"sell\",\"quantity\":1,\"routedBy\":\"fe 1\"}]}"),
                        400, "routedBy must be 1 to 128 letters, digits, '.', '_', ':' or '-'"),
                raw("catalog feed, not JSON", Target.CATALOG, RawHttp.request("POST", feed, json, "garbage"),
                        400, "malformed request body: expected a JSON object"),
                raw("catalog feed without an epoch", Target.CATALOG, RawHttp.request("POST", feed, json,
                        "{\"orders\":[]}"), 400, "epoch must be a positive integer"),
                raw("catalog feed of epoch 0", Target.CATALOG, RawHttp.request("POST", feed, json,
                        "{\"epoch\":0,\"orders\":[]}"), 400, "epoch must be a positive integer"),
                raw("catalog feed without orders", Target.CATALOG, RawHttp.request("POST", feed, json,
                        "{\"epoch\":1}"), 400, "orders must hold 0 to 1000 orders"),
                raw("catalog feed of 1001 orders", Target.CATALOG, RawHttp.request("POST", feed, json,
                        "{\"epoch\":1,\"orders\":[" + String.join(",", java.util.Collections.nCopies(1001,
                                order.formatted("1"))) + "]}"), 400, "orders must hold 0 to 1000 orders"),
                raw("catalog leader call without an epoch", Target.CATALOG, RawHttp.request("POST",
                        "/internal/leader", json, "{}"), 400, "epoch must be a positive integer"),
                raw("replica order of 1.5 units", Target.REPLICA_1, RawHttp.request("POST", "/internal/orders", json,
                        "{\"trades\":[{\"requestId\":\"r\",\"name\":\"GameStart\",\"type\":\"sell\","
                                + "\"quantity\":1.5}]}"), 400,
                        "malformed request body: wrong type or value for trades[0].quantity"),
                raw("replica batch of no orders", Target.REPLICA_1, RawHttp.request("POST", "/internal/orders", json,
                        "{\"trades\":[]}"), 400, "trades must hold 1 to 1000 orders"),
                raw("replica batch from a front end named with 129 characters", Target.REPLICA_1,
                        RawHttp.request("POST", "/internal/orders", json, "{\"trades\":[{\"requestId\":\"r\","
                                + "\"name\":\"GameStart\",\"type\":\"sell\",\"quantity\":1}],\"frontend\":\""
                                + "f".repeat(129) + "\"}"), 400,
                        "frontend must be 1 to 128 letters, digits, '.', '_', ':' or '-'"),
                raw("replica order without a batch", Target.REPLICA_1, RawHttp.request("POST", "/internal/orders",
                        json, "{\"requestId\":\"r\",\"name\":\"GameStart\",\"type\":\"sell\",\"quantity\":1}"),
                        400, "trades must hold 1 to 1000 orders"),
                raw("replica order number abc", Target.REPLICA_1, RawHttp.request("GET", "/internal/orders/abc",
                        json, null), 400, "invalid value for number"),
                raw("replica order number of 30 digits", Target.REPLICA_2, RawHttp.request("GET",
                        "/internal/orders/" + "9".repeat(30), json, null), 400, "invalid value for number"),
                raw("prepare of epoch 1.5", Target.REPLICA_3, RawHttp.request("POST", "/internal/replica/prepare",
                        json, "{\"epoch\":1.5,\"candidateId\":1}"), 400,
                        "malformed request body: wrong type or value for epoch"),
                raw("append, not JSON", Target.REPLICA_3, RawHttp.request("POST", "/internal/replica/append",
                        json, "{\"epoch\":"), 400, "malformed request body: expected a JSON object"));
    }

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @MethodSource("publicApi")
    void hostileRequestGetsItsClientErrorInTheJsonModel(Case hostile) {
        assertAnswered(hostile);
    }

    @Order(2)
    @ParameterizedTest(name = "{0}")
    @MethodSource("internalEndpoints")
    void internalEndpointRefusesCallersWithoutTheSecret(Case hostile) {
        assertAnswered(hostile);
    }

    @Order(2)
    @ParameterizedTest(name = "{0}")
    @MethodSource("internalBodies")
    void hostileBodyWithTheSecretIsRefusedWithItsReason(Case hostile) {
        assertAnswered(hostile);
    }

    @Order(3)
    @Test
    void appendPrepareAndLeaderNoticeFromAnOldEpochAreRefusedAndChangeNothing() throws IOException {
        Replicas replicas = new Replicas(stack);
        int follower = replicas.other(replicas.leader());
        URI replica = stack.replica(follower).url();
        JsonNode status = status(replica);
        long promised = status.get("promisedEpoch").asLong();
        long lastIndex = status.get("lastIndex").asLong();
        assertThat(promised).as("a leader was elected, so some epoch was promised").isPositive();
        byte[] logBefore = Files.readAllBytes(stack.orderLog(follower));

        // a deposed leader's append (or one recorded and replayed), trying to replace the whole log from index 0
        Api.Reply append = api.internalPost(replica.resolve("/internal/replica/append"), Map.of(
                "epoch", promised - 1, "leaderId", replicas.other(follower), "prevIndex", -1, "prevEpoch", 0,
                "historyEnd", 0, "leaderCommit", -1, "entries", List.of(Map.of("number", 0, "epoch", promised - 1,
                        "requestId", "forged-old-epoch", "name", "GameStart", "type", "buy", "quantity", 99))));
        assertThat(append.status()).isEqualTo(200);
        assertThat(append.data().get("outcome").asString()).isEqualTo("STALE_EPOCH");
        assertThat(append.data().get("promisedEpoch").asLong()).isEqualTo(promised);

        // the same at the tip of the log: an old epoch's entry appended after the last one
        Api.Reply atTip = api.internalPost(replica.resolve("/internal/replica/append"), Map.of(
                "epoch", promised - 1, "leaderId", replicas.other(follower), "prevIndex", lastIndex,
                "prevEpoch", status.get("logEpoch").asLong(), "historyEnd", lastIndex + 1,
                // claiming its own entry committed: refused with the rest, it publishes nothing
                "leaderCommit", lastIndex + 1,
                "entries", List.of(Map.of("number", lastIndex + 1, "epoch", promised - 1,
                        "requestId", "forged-at-tip", "name", "GameStart", "type", "buy", "quantity", 1))));
        assertThat(atTip.data().get("outcome").asString()).isEqualTo("STALE_EPOCH");

        // a candidate of an epoch already promised gets no promise
        Api.Reply prepare = api.internalPost(replica.resolve("/internal/replica/prepare"),
                Map.of("epoch", promised, "candidateId", replicas.other(follower)));
        assertThat(prepare.status()).isEqualTo(200);
        assertThat(prepare.data().get("promised").asBoolean()).isFalse();

        // a leader notice only logs: an old one changes nothing
        assertThat(api.internalPost(replica.resolve("/internal/replica/leader"),
                Map.of("leaderId", replicas.other(follower), "epoch", promised - 1)).status()).isEqualTo(204);

        JsonNode after = status(replica);
        assertThat(after.get("promisedEpoch").asLong()).isEqualTo(promised);
        assertThat(after.get("lastIndex").asLong()).isEqualTo(lastIndex);
        assertThat(after.get("logEpoch").asLong()).isEqualTo(status.get("logEpoch").asLong());
        assertThat(after.get("role").asString()).isEqualTo("FOLLOWER");
        assertThat(Files.readAllBytes(stack.orderLog(follower))).as("the follower's order log").isEqualTo(logBefore);
        casesRun += 4;
    }

    /**
     * Slow clients: a header that never ends and a body that stops half-way each hold a connection, one body arrives
     * a byte at a time; meanwhile other clients are served. The front end cuts the stalled ones off after its
     * connection timeout (10 s): the stalled body with 408, the unfinished header by closing the connection.
     */
    @Order(4)
    @Test
    void slowClientsAreCutOffAndOthersAreServedMeanwhile() throws Exception {
        URI frontend = stack.frontend.url();
        try (Socket neverEndingHeader = RawHttp.connect(frontend); Socket stalledBody = RawHttp.connect(frontend)) {
            neverEndingHeader.getOutputStream().write(
                    "GET /stocks/GameStart HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.ISO_8859_1));
            stalledBody.getOutputStream().write(("POST /orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json"
                    + "\r\nContent-Length: 46\r\n\r\n{\"name\":").getBytes(StandardCharsets.ISO_8859_1));
            long start = System.nanoTime();
            CompletableFuture<RawHttp.Response> stalledAnswer = CompletableFuture.supplyAsync(
                    () -> readQuietly(stalledBody));
            CompletableFuture<Integer> headerEnd = CompletableFuture.supplyAsync(() -> {
                try {
                    return neverEndingHeader.getInputStream().read();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            CompletableFuture<RawHttp.Response> byteByByte = CompletableFuture.supplyAsync(() -> sendSlowly(frontend,
                    "{\"name\":\"NoSuchCo\",\"quantity\":1,\"type\":\"buy\"}"));

            for (int i = 0; i < 50; i++) {
                assertThat(api.get(frontend.resolve("/stocks/GameStart")).status()).isEqualTo(200);
            }
            assertThat(stalledAnswer).as("the stalled body is not answered while others are served").isNotDone();

            RawHttp.Response slow = byteByByte.get(30, TimeUnit.SECONDS);
            assertThat(slow.status()).isEqualTo(404);
            assertThat(slow.body()).isEqualTo("{\"error\":{\"code\":404,\"message\":\"stock not found\"}}");

            RawHttp.Response stalled = stalledAnswer.get(30, TimeUnit.SECONDS);
            assertThat(stalled.status()).isEqualTo(408);
            assertThat(stalled.body()).isEqualTo("{\"error\":{\"code\":408,\"message\":\"request timeout\"}}");
            assertThat(headerEnd.get(30, TimeUnit.SECONDS)).as("connection closed, nothing sent").isEqualTo(-1);
            // once: Tomcat does not read on for the rest of the stalled body, another 10 s, before it closes
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("cut off after the 10 s connection timeout")
                    .isBetween(Duration.ofSeconds(9), Duration.ofSeconds(18));
        }
        assertThat(api.get(frontend.resolve("/stocks/GameStart")).status()).isEqualTo(200);
        casesRun += 3;
    }

    @Order(5)
    @Test
    void nothingChangedAndEveryServiceStillAnswers() throws Exception {
        assertThat(casesRun).as("cases run").isPositive();
        for (ServiceProcess service : List.of(stack.frontend, stack.catalog, stack.replica(1), stack.replica(2),
                stack.replica(3))) {
            assertThat(service.alive()).as(service.name() + " alive").isTrue();
            service.awaitReady();
        }
        State after = State.read();
        assertThat(after.stocks()).as("every stock's quantity and volume").isEqualTo(before.stocks());
        assertThat(after.files()).as("catalog journal and order log sizes").isEqualTo(before.files());
        assertThat(after.unhandledErrors()).as("unexpected errors (500) in the service logs")
                .isEqualTo(before.unhandledErrors());
        System.out.printf("HostileInputIT: %d hostile requests, no state change%n", casesRun);
    }

    private static void assertAnswered(Case hostile) {
        RawHttp.Response response = RawHttp.send(hostile.target().url.apply(stack), hostile.request());
        casesRun++;

        assertThat(response.status()).as("status").isEqualTo(hostile.status());
        assertThat(response.headers().get("content-type")).as("content type").startsWith(JSON_TYPE);
        JsonNode error = JSON.readTree(response.body()).get("error");
        assertThat(error.get("code").asInt()).as("code in the body").isEqualTo(hostile.status());
        assertThat(error.get("message").asString()).as("message").matches(hostile.message());
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    private static Case get(String name, String path, int status, String message) {
        return raw(name, Target.FRONTEND, RawHttp.request("GET", path, Map.of(), null), status, message);
    }

    private static Case post(String name, String body, int status, String message) {
        return raw(name, Target.FRONTEND, RawHttp.request("POST", "/orders", Map.of("Content-Type", JSON_TYPE),
                body), status, message);
    }

    private static Case raw(String name, Target target, String request, int status, String message) {
        return new Case(name, target, request, status, Pattern.compile(Pattern.quote(message)));
    }

    private static Case like(Case hostile, String regex) {
        return new Case(hostile.name(), hostile.target(), hostile.request(), hostile.status(), Pattern.compile(regex));
    }

    private static JsonNode status(URI replica) {
        return api.internalGet(replica.resolve("/internal/replica/status")).data();
    }

    private static RawHttp.Response readQuietly(Socket socket) {
        try {
            return RawHttp.read(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An order sent a byte every 10 ms (about half a second): slow, but it must be answered like any other. */
    private static RawHttp.Response sendSlowly(URI server, String body) {
        byte[] request = RawHttp.request("POST", "/orders", Map.of("Content-Type", JSON_TYPE), body)
                .getBytes(StandardCharsets.ISO_8859_1);
        try (Socket socket = RawHttp.connect(server)) {
            OutputStream out = socket.getOutputStream();
            for (byte b : request) {
                out.write(b);
                out.flush();
                TimeUnit.MILLISECONDS.sleep(10); // the client's pace, not a wait for the server
            }
            InputStream in = socket.getInputStream();
            return RawHttp.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What the sweep must not change: quantities and volumes, journal and order log sizes, errors logged. */
    record State(JsonNode stocks, Map<String, Long> files, long unhandledErrors) {

        static State read() {
            JsonNode stocks = api.internalGet(stack.catalog.url().resolve("/internal/stocks")).data();
            Map<String, Long> files = new java.util.TreeMap<>();
            Path data = stack.runDir.resolve("data");
            try (Stream<Path> all = Files.walk(data)) {
                for (Path file : all.filter(Files::isRegularFile)
                        .filter(f -> f.toString().endsWith(".csv") || f.toString().endsWith(".log")).toList()) {
                    files.put(data.relativize(file).toString(), Files.size(file));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            long errors = Stream.of(stack.frontend, stack.catalog, stack.replica(1), stack.replica(2),
                    stack.replica(3)).mapToLong(s -> s.logText().split("Unhandled error", -1).length - 1).sum();
            return new State(stocks, files, errors);
        }
    }
}
