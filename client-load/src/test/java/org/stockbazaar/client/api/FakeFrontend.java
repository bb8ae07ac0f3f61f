package org.stockbazaar.client.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A front end in this JVM speaking the real API ({@code GET /stocks/{name}}, {@code POST /orders},
 * {@code GET /orders/{n}}, {@code GET /internal/cache}) with an honest order book, and knobs to make it lie, refuse
 * or stall. Also serves as a catalog ({@code GET /stocks/{name}} answers alike).
 */
public final class FakeFrontend implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static {
        // the JDK server writes headers and body apart: with Nagle's algorithm each answer waits for a delayed ACK
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    public final Map<String, Long> quantities = new ConcurrentHashMap<>();
    public final List<Order> orders = new ArrayList<>();
    /** Remote ports seen: one per client connection. */
    public final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
    public final AtomicInteger lookups = new AtomicInteger();
    /** Stocks looked up at least once: what a cache that never evicts would hold. */
    public final Set<String> seenStocks = ConcurrentHashMap.newKeySet();
    /** What {@code GET /orders/{n}} answers for an order: itself, unless a test makes the server lie. */
    public volatile UnaryOperator<Order> orderAnswer = order -> order;
    public volatile boolean forgetOrders;
    public volatile boolean sameNumberForEveryTrade;
    public volatile int lookupStatus = 200;
    /** The lookup with this number (counting from 1) takes {@link #stallMillis} before it is answered. */
    public volatile int stallLookup = -1;
    public volatile long stallMillis;

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final long firstOrderNumber;

    public FakeFrontend() {
        this(0);
    }

    /**
     * A front end whose orders are numbered from {@code firstOrderNumber}: several of them, numbered apart, stand for
     * front ends of one stack, whose leader numbers every order once.
     */
    public FakeFrontend(long firstOrderNumber) {
        this.firstOrderNumber = firstOrderNumber;
        Stocks.NAMES.forEach(name -> quantities.put(name, Stocks.INITIAL_QUANTITY));
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        clientPorts.add(exchange.getRemoteAddress().getPort());
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        try (exchange) {
            if (method.equals("GET") && path.startsWith("/stocks/")) {
                lookup(exchange, path.substring("/stocks/".length()));
            } else if (method.equals("POST") && path.equals("/orders")) {
                trade(exchange, JSON.readTree(exchange.getRequestBody().readAllBytes()));
            } else if (method.equals("GET") && path.startsWith("/orders/")) {
                order(exchange, Long.parseLong(path.substring("/orders/".length())));
            } else if (method.equals("GET") && path.equals("/internal/cache")) {
                reply(exchange, 200, Map.of("data", Map.of("enabled", true, "policy", "lru", "capacity", 5,
                        "keys", List.of("AAPL", "NFLX"), "hits", lookups.get() / 2, "misses", lookups.get() / 2,
                        "evictions", 0)));
            } else {
                reply(exchange, 404, error(404, "no such endpoint"));
            }
        }
    }

    private void lookup(HttpExchange exchange, String name) throws IOException {
        int number = lookups.incrementAndGet();
        if (number == stallLookup) {
            // slow on purpose, to show what each latency model makes of a stalled server
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(stallMillis));
        }
        Long quantity = quantities.get(name);
        if (lookupStatus != 200) {
            reply(exchange, lookupStatus, error(lookupStatus, "lookup broken on purpose"));
        } else if (quantity == null) {
            reply(exchange, 404, error(404, "stock not found"));
        } else {
            // as the real front end: the first lookup of a stock misses, the next ones hit (no eviction here)
            exchange.getResponseHeaders().set("X-Cache", seenStocks.add(name) ? "miss" : "hit");
            reply(exchange, 200, Map.of("data", Map.of("name", name, "price", 10.5, "quantity", quantity)));
        }
    }

    private synchronized void trade(HttpExchange exchange, JsonNode body) throws IOException {
        String name = body.path("name").asString();
        String type = body.path("type").asString();
        long quantity = body.path("quantity").asLong();
        long available = quantities.getOrDefault(name, 0L);
        if (type.equals("buy") && available < quantity) {
            reply(exchange, 409, error(409, "not enough stock"));
            return;
        }
        quantities.put(name, type.equals("buy") ? available - quantity : available + quantity);
        long number = firstOrderNumber + (sameNumberForEveryTrade ? 0 : orders.size());
        orders.add(new Order(number, name, type, quantity));
        reply(exchange, 200, Map.of("data", Map.of("transaction_number", number)));
    }

    private synchronized void order(HttpExchange exchange, long number) throws IOException {
        long index = number - firstOrderNumber;
        if (forgetOrders || index < 0 || index >= orders.size()) {
            reply(exchange, 404, error(404, "order not found"));
            return;
        }
        Order order = orderAnswer.apply(orders.get((int) index));
        reply(exchange, 200, Map.of("data", Map.of("number", order.number(), "name", order.name(),
                "type", order.type(), "quantity", order.quantity())));
    }

    private static Map<String, Object> error(int code, String message) {
        return Map.of("error", Map.of("code", code, "message", message));
    }

    private static void reply(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
