package org.stockbazaar.client.chaos;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.stockbazaar.client.api.BazaarConnection;
import org.stockbazaar.client.api.BazaarConnection.Reply;
import org.stockbazaar.client.chaos.Operation.Kind;

/**
 * Concurrent clients against the front end, each on its own keep-alive connection: trades on a few hot stocks,
 * lookups, and queries of orders acknowledged earlier. Every request goes into the history. A trade without a
 * definite answer (no answer, 5xx) is sent again with the same {@code Idempotency-Key}, as a careful client would,
 * pausing 100 ms, doubling up to 2 s; one still without an answer after {@link #ATTEMPTS} is left pending. A share
 * of the trades ({@code keyless}) is sent once without a key and never again, as a careless client would: when one
 * gets no definite answer, its outcome stays unknown, and only the stack's own machinery can settle it.
 */
final class Workload {

    static final int ATTEMPTS = 8;

    /** A trade whose outcome the client never learnt. */
    record PendingTrade(String requestId, String stock, String type, long quantity) {
    }

    private final URI frontend;
    private final int clients;
    private final List<String> hotStocks;
    private final List<String> allStocks;
    private final long seed;
    private final double keyless;
    private final Duration think;
    private final Duration timeout;
    private final History history;
    private final AtomicBoolean running = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();
    private final List<Long> acknowledged = new ArrayList<>();
    private final List<PendingTrade> pending = new ArrayList<>();

    /** @param keyless the share of trades sent once without a key, 0 to 1 */
    Workload(URI frontend, int clients, List<String> hotStocks, List<String> allStocks, long seed, double keyless,
            Duration think, Duration timeout, History history) {
        this.frontend = frontend;
        this.clients = clients;
        this.hotStocks = hotStocks;
        this.allStocks = allStocks;
        this.seed = seed;
        this.keyless = keyless;
        this.think = think;
        this.timeout = timeout;
        this.history = history;
    }

    void start() {
        running.set(true);
        for (int client = 1; client <= clients; client++) {
            int id = client;
            Thread thread = new Thread(() -> runClient(id), "chaos-client-" + id);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    /** Stops after each client's current operation (a trade with all its retries). */
    void stop() throws InterruptedException {
        running.set(false);
        for (Thread thread : threads) {
            thread.join();
        }
    }

    synchronized List<PendingTrade> pending() {
        return List.copyOf(pending);
    }

    private void runClient(int client) {
        Random random = new Random(seed * 1_000_003 + client);
        BazaarConnection http = new BazaarConnection(frontend, timeout, ChaosStack.CONNECT_TIMEOUT);
        long trades = 0;
        try {
            while (running.get()) {
                double choice = random.nextDouble();
                if (choice < 0.5) {
                    String requestId = "chaos-" + Long.toHexString(seed) + "-c" + client + "-" + trades++;
                    String stock = hotStocks.get(random.nextInt(hotStocks.size()));
                    PendingTrade trade = new PendingTrade(requestId, stock, random.nextBoolean() ? "buy" : "sell",
                            1 + random.nextInt(3));
                    if (random.nextDouble() < keyless) {
                        tradeOnce(http, client, trade);
                    } else {
                        trade(http, client, trade);
                    }
                } else {
                    Long number = choice < 0.7 ? someAcknowledged(random) : null;
                    if (number != null) {
                        query(http, client, number);
                    } else {
                        lookup(http, client, allStocks.get(random.nextInt(allStocks.size())));
                    }
                }
                Thread.sleep(think.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sends the trade until it has a definite answer or {@link #ATTEMPTS} ran out; true if it has one. */
    boolean trade(BazaarConnection http, int client, PendingTrade trade) throws InterruptedException {
        long pause = 100;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            long start = history.nowMicros();
            Reply answer = http.trade(trade.requestId(), trade.stock(), trade.type(), trade.quantity());
            long number = answer.ok() ? answer.data().path("transaction_number").asLong(-1) : -1;
            history.add(new Operation(client, Kind.TRADE, trade.requestId(), trade.stock(), trade.type(),
                    trade.quantity(), number, start, history.nowMicros(), answer.status(), problem(answer)));
            if (answer.ok()) {
                synchronized (this) {
                    acknowledged.add(number);
                }
                return true;
            }
            if (answer.status() != 0 && answer.status() < 500) {
                return true;
            }
            Thread.sleep(pause);
            pause = Math.min(2000, pause * 2);
        }
        synchronized (this) {
            pending.add(trade);
        }
        return false;
    }

    /**
     * Sends the trade once without an {@code Idempotency-Key}: the front end makes the request id, and names it in
     * its answer if one comes; the history holds that id, or none.
     */
    private void tradeOnce(BazaarConnection http, int client, PendingTrade trade) throws InterruptedException {
        long start = history.nowMicros();
        Reply answer = http.trade(trade.stock(), trade.type(), trade.quantity());
        long number = answer.ok() ? answer.data().path("transaction_number").asLong(-1) : -1;
        history.add(new Operation(client, Kind.TRADE, answer.key() == null ? "" : answer.key(), false, trade.stock(),
                trade.type(), trade.quantity(), number, start, history.nowMicros(), answer.status(), problem(answer)));
        if (answer.ok()) {
            synchronized (this) {
                acknowledged.add(number);
            }
        }
    }

    private void lookup(BazaarConnection http, int client, String stock) throws InterruptedException {
        long start = history.nowMicros();
        Reply answer = http.lookup(stock);
        history.add(new Operation(client, Kind.LOOKUP, "", stock, "", answer.data().path("quantity").asLong(-1), -1,
                start, history.nowMicros(), answer.status(), problem(answer)));
    }

    private void query(BazaarConnection http, int client, long number) throws InterruptedException {
        long start = history.nowMicros();
        Reply answer = http.order(number);
        history.add(new Operation(client, Kind.QUERY, "", answer.data().path("name").asString(""),
                answer.data().path("type").asString(""), answer.data().path("quantity").asLong(-1), number, start,
                history.nowMicros(), answer.status(), problem(answer)));
    }

    /** What went wrong, for the history: nothing for a 200. */
    private static String problem(Reply answer) {
        return answer.ok() ? "" : answer.problem();
    }

    private synchronized Long someAcknowledged(Random random) {
        return acknowledged.isEmpty() ? null : acknowledged.get(random.nextInt(acknowledged.size()));
    }
}
