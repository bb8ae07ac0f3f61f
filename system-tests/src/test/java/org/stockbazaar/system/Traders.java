package org.stockbazaar.system;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Concurrent clients trading through the front end until stopped, each on its own keep-alive connection, remembering
 * every acknowledged order and every error, as a user's clients would see them.
 */
final class Traders implements AutoCloseable {

    record Order(long number, String name, String type, long quantity) {
    }

    final Map<Long, Order> acknowledged = new ConcurrentHashMap<>();
    final List<String> errors = new CopyOnWriteArrayList<>();
    private final ExecutorService clients;
    private final AtomicBoolean running = new AtomicBoolean(true);

    Traders(Deployment stack, int count, List<String> stocks, long seed) {
        clients = Executors.newFixedThreadPool(count);
        URI orders = stack.frontendUrl().resolve("/orders");
        for (int client = 0; client < count; client++) {
            Random random = new Random(seed + client);
            Api api = new Api(stack.internalToken());
            clients.submit(() -> {
                while (running.get()) {
                    String name = stocks.get(random.nextInt(stocks.size()));
                    // sells outweigh buys, so buys are never refused for lack of stock
                    String type = random.nextInt(3) == 0 ? "buy" : "sell";
                    long quantity = 1 + random.nextInt(3);
                    try {
                        Api.Reply reply = api.post(orders, Map.of("name", name, "type", type, "quantity", quantity));
                        if (reply.status() == 200) {
                            long number = reply.data().get("transaction_number").asLong();
                            Order previous = acknowledged.put(number, new Order(number, name, type, quantity));
                            if (previous != null) {
                                errors.add("transaction number " + number + " given twice");
                            }
                        } else {
                            errors.add(reply.status() + " " + reply.body());
                        }
                    } catch (RuntimeException e) {
                        errors.add(e.toString());
                    }
                }
                return null;
            });
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        clients.shutdown();
        if (!clients.awaitTermination(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("clients did not stop");
        }
    }
}
