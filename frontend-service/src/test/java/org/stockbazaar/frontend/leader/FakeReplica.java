package org.stockbazaar.frontend.leader;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.stockbazaar.support.trade.OrderBlock;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An order replica's internal API on 127.0.0.1, as the front end sees it: a status, elections that succeed or
 * fail on demand, leader notices, trades and order queries, and three ways to fail (refuse connections, cut a
 * connection without answering, hang).
 */
public final class FakeReplica implements AutoCloseable {

    public static final String TOKEN = "test-token";
    private static final JsonMapper JSON = new JsonMapper();

    public final int id;
    public volatile String role = "FOLLOWER";
    public volatile boolean ready = true;
    public volatile long promisedEpoch;
    public volatile boolean canLead = true;
    /** If set, a request to lead is answered with this sitting leader, as a replica that reaches one does. */
    public volatile Leadership defersTo;
    /**
     * What each trade of a batch gets; by default a leader's next number, anything else 503 "not the leader" (for the
     * whole batch, see {@link #batch}).
     */
    public volatile Function<JsonNode, Answer> trades = this::nextNumberIfLeading;
    /**
     * What a query for an order gets (a block of them is the orders' answers up to the first that is not one, see
     * {@link #block}); by default 404.
     */
    public volatile Function<Long, Answer> orders = number -> Answer.error(404, "order not found");

    public final AtomicInteger statusProbes = new AtomicInteger();
    public final AtomicInteger leadRequests = new AtomicInteger();
    public final AtomicInteger orderQueries = new AtomicInteger();
    /** The first number of every block of orders asked for. */
    public final List<Long> orderBlocksFrom = new CopyOnWriteArrayList<>();
    public final List<Leadership> notices = new CopyOnWriteArrayList<>();
    public final List<String> tradeRequestIds = new CopyOnWriteArrayList<>();
    /** How many trades each batch the front end sent held, in the order they arrived. */
    public final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
    public final AtomicLong nextNumber = new AtomicLong();

    private final HttpServer server;
    private volatile boolean crashed;
    private final CountDownLatch unhang = new CountDownLatch(1);
    private volatile boolean hung;
    private final AtomicBoolean stopped = new AtomicBoolean();

    public FakeReplica(int id) throws IOException {
        this.id = id;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** How the front end's configuration names this replica. */
    public String entry() {
        return id + "=" + url();
    }

    public FakeReplica leading(long epoch) {
        role = "LEADER";
        promisedEpoch = epoch;
        return this;
    }

    /** The process is gone: connections are refused. */
    public void stop() {
        if (stopped.compareAndSet(false, true)) {
            server.stop(0);
        }
    }

    /** The process dies in the middle of every request from now on: it reads it and closes the connection. */
    public void crash() {
        crashed = true;
    }

    /** The process stops answering, as if paused, until the test ends. */
    public void hang() {
        hung = true;
    }

    @Override
    public void close() {
        unhang.countDown();
        stop();
    }

    private Answer nextNumberIfLeading(JsonNode trade) {
        return "LEADER".equals(role)
                ? Answer.data(Map.of("transaction_number", nextNumber.getAndIncrement()))
                : Answer.error(503, "not the leader");
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (hung) {
                unhang.await(30, TimeUnit.SECONDS);
                return;
            }
            if (crashed) {
                return;
            }
            if (!TOKEN.equals(exchange.getRequestHeaders().getFirst("X-Bazaar-Internal-Token"))) {
                send(exchange, Answer.error(401, "internal endpoint: missing X-Bazaar-Internal-Token"));
                return;
            }
            send(exchange, answer(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), body));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Answer answer(String method, String path, byte[] body) {
        switch (method + " " + path) {
            case "GET /internal/replica/status" -> {
                statusProbes.incrementAndGet();
                return Answer.data(Map.of("id", id, "role", role, "leaderId", "LEADER".equals(role) ? id : 0,
                        "promisedEpoch", promisedEpoch, "logEpoch", promisedEpoch, "lastIndex", nextNumber.get() - 1,
                        "commitIndex", nextNumber.get() - 1, "ready", ready));
            }
            case "POST /internal/replica/lead" -> {
                leadRequests.incrementAndGet();
                if (!canLead) {
                    return Answer.error(503, "could not win an election");
                }
                Leadership sitting = defersTo;
                if (sitting != null) {
                    return Answer.data(sitting);
                }
                leading(promisedEpoch + 1);
                return Answer.data(Map.of("leaderId", id, "epoch", promisedEpoch));
            }
            case "POST /internal/replica/leader" -> {
                Leadership notice = JSON.readValue(body, Leadership.class);
                notices.add(notice);
                promisedEpoch = Math.max(promisedEpoch, notice.epoch());
                if (notice.leaderId() != id) {
                    role = "FOLLOWER";
                }
                return Answer.noContent();
            }
            case "POST /internal/orders" -> {
                return batch(JSON.readTree(body).get("trades"));
            }
            default -> {
                if ("GET".equals(method) && path.startsWith("/internal/order-blocks/")) {
                    orderQueries.incrementAndGet();
                    return block(Long.parseLong(path.substring("/internal/order-blocks/".length())));
                }
                return Answer.error(404, "no such endpoint");
            }
        }
    }

    /**
     * A block of orders as the leader answers it: {@link #orders}' answers from {@code first} on, up to the first
     * 404 (the commit point) or the block's size; an error for {@code first} itself other than 404 is the answer.
     */
    private Answer block(long first) {
        orderBlocksFrom.add(first);
        List<Object> names = new ArrayList<>();
        List<Object> types = new ArrayList<>();
        List<Object> quantities = new ArrayList<>();
        for (long number = first; number < first + OrderBlock.SIZE; number++) {
            Answer answer = orders.apply(number);
            if (answer.status() != 200) {
                if (number == first && answer.status() != 404) {
                    return answer;
                }
                break;
            }
            Map<?, ?> order = (Map<?, ?>) ((Map<?, ?>) answer.body()).get("data");
            names.add(order.get("name"));
            types.add(order.get("type"));
            quantities.add(order.get("quantity"));
        }
        return Answer.data(Map.of("first", first, "names", names, "types", types, "quantities", quantities));
    }

    /**
     * A batch as the leader answers it: each trade gets {@link #trades}' answer in its place (a number, or its own
     * 400, 404 or 409), unless one of them fails the whole request (a 5xx or another status, or no answer at all), as
     * a leader does when it cannot commit or is not the leader, and a replica when it refuses the internal token.
     */
    private Answer batch(JsonNode batch) {
        batchSizes.add(batch.size());
        List<Object> results = new ArrayList<>();
        for (JsonNode trade : batch) {
            tradeRequestIds.add(trade.get("requestId").stringValue());
            Answer answer = trades.apply(trade);
            if (answer.status() != 200 && answer.status() != 400 && answer.status() != 404
                    && answer.status() != 409) {
                return answer;
            }
            results.add(answer.body());
        }
        return Answer.data(results);
    }

    private static void send(HttpExchange exchange, Answer answer) throws IOException {
        if (answer.status() == 0) {
            return;
        }
        if (answer.body() == null) {
            exchange.sendResponseHeaders(answer.status(), -1);
            return;
        }
        byte[] json = JSON.writeValueAsString(answer.body()).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(answer.status(), json.length);
        exchange.getResponseBody().write(json);
    }

    public record Answer(int status, Object body) {

        public static Answer data(Object data) {
            return new Answer(200, Map.of("data", data));
        }

        /** An error the leader gives one trade in its place in the batch (the batch itself succeeds). */
        public static Answer perTrade(int status, String message) {
            return new Answer(200, Map.of("error", Map.of("code", status, "message", message)));
        }

        public static Answer error(int status, String message) {
            return new Answer(status, Map.of("error", Map.of("code", status, "message", message)));
        }

        public static Answer noContent() {
            return new Answer(204, null);
        }

        /** The connection is closed without an answer. */
        public static Answer none() {
            return new Answer(0, null);
        }
    }
}
