package org.stockbazaar.client.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.stockbazaar.client.api.BazaarConnection;
import org.stockbazaar.client.api.BazaarConnection.Reply;
import org.stockbazaar.client.api.Order;
import org.stockbazaar.client.api.Stocks;
import org.stockbazaar.client.results.RequestType;
import tools.jackson.databind.JsonNode;

/**
 * One client session, as the original lab defines it: on one keep-alive connection, {@code iterations} times "look
 * up a random stock; if its quantity is above 0, trade it with probability p (buy or sell at random, 1 to
 * {@value #MAX_TRADE_QUANTITY} units)", remembering every acknowledged order; then every remembered order is queried
 * with {@code GET /orders/{n}} and must come back exactly as it was acknowledged.
 */
final class Session {

    static final int MAX_TRADE_QUANTITY = 5;

    private final BazaarConnection frontend;
    private final Pacing pacing;
    private final Measurements measurements;
    private final SplittableRandom random;
    private final int iterations;
    /** Every order acknowledged in the run, by number: a number acknowledged twice is caught across sessions. */
    private final Map<Long, Order> acknowledgedInRun;
    private final List<Order> orders = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private int mismatched;

    Session(BazaarConnection frontend, Pacing pacing, Measurements measurements, SplittableRandom random,
            int iterations, Map<Long, Order> acknowledgedInRun) {
        this.frontend = frontend;
        this.pacing = pacing;
        this.measurements = measurements;
        this.random = random;
        this.iterations = iterations;
        this.acknowledgedInRun = acknowledgedInRun;
    }

    Result run() throws InterruptedException {
        for (int i = 0; i < iterations; i++) {
            String stock = Stocks.NAMES.get(random.nextInt(Stocks.NAMES.size()));
            Timed lookup = timed(() -> frontend.lookup(stock));
            long quantity = lookup.reply.status() == 200 ? lookup.reply.data().path("quantity").longValue(-1) : -1;
            record(RequestType.LOOKUP, lookup, quantity >= 0 ? Outcome.OK : Outcome.FAILED);
            if (quantity >= 0 && lookup.reply.cache() != null) {
                record("hit".equals(lookup.reply.cache()) ? RequestType.LOOKUP_HIT : RequestType.LOOKUP_MISS, lookup,
                        Outcome.OK);
            }
            if (quantity > 0 && random.nextDouble() < measurements.p()) {
                trade(stock);
            }
        }
        int missing = 0;
        int verified = 0;
        for (Order order : orders) {
            Timed query = timed(() -> frontend.order(order.number()));
            if (query.reply.status() != 200) {
                record(RequestType.QUERY, query, Outcome.FAILED);
                missing++;
                problems.add("order " + order + " not returned: " + query.reply.status() + " "
                        + query.reply.problem());
                continue;
            }
            record(RequestType.QUERY, query, Outcome.OK);
            JsonNode data = query.reply.data();
            Order answered = new Order(data.path("number").longValue(-1), data.path("name").stringValue(null),
                    data.path("type").stringValue(null), data.path("quantity").longValue(-1));
            if (answered.equals(order)) {
                verified++;
            } else {
                mismatched++;
                problems.add("order " + order + " acknowledged, but GET /orders/" + order.number() + " answered "
                        + query.reply.text());
            }
        }
        return new Result(iterations, List.copyOf(orders), verified, mismatched, missing, List.copyOf(problems));
    }

    private void trade(String stock) throws InterruptedException {
        String type = random.nextBoolean() ? "buy" : "sell";
        long quantity = 1 + random.nextInt(MAX_TRADE_QUANTITY);
        Timed trade = timed(() -> frontend.trade(stock, type, quantity));
        long number = trade.reply.status() == 200
                ? trade.reply.data().path("transaction_number").longValue(-1) : -1;
        if (number >= 0) {
            record(RequestType.TRADE, trade, Outcome.OK);
            remember(new Order(number, stock, type, quantity));
        } else if (trade.reply.status() == 409 && type.equals("buy")) {
            record(RequestType.TRADE, trade, Outcome.REFUSED);
        } else {
            record(RequestType.TRADE, trade, Outcome.FAILED);
        }
    }

    private void remember(Order order) {
        Order earlier = acknowledgedInRun.putIfAbsent(order.number(), order);
        if (earlier != null) {
            mismatched++;
            problems.add("transaction number " + order.number() + " acknowledged twice: " + earlier + ", then "
                    + order);
            return;
        }
        orders.add(order);
    }

    private Timed timed(Call call) throws InterruptedException {
        long from = pacing.nextSend();
        Reply reply = call.send();
        return new Timed(reply, System.nanoTime() - from);
    }

    private void record(RequestType type, Timed timed, Outcome outcome) {
        measurements.record(type, timed.nanos, outcome, timed.reply.status(),
                outcome == Outcome.OK ? null : timed.reply.status() + " " + timed.reply.problem());
    }

    /**
     * @param orders     acknowledged orders, each checked at the end
     * @param verified   orders returned exactly as acknowledged
     * @param mismatched orders returned differently, and numbers acknowledged twice
     * @param missing    orders the front end did not return (404, another error, no answer)
     */
    record Result(int iterations, List<Order> orders, int verified, int mismatched, int missing,
            List<String> problems) {

        boolean passed() {
            return mismatched == 0 && missing == 0;
        }
    }

    private record Timed(Reply reply, long nanos) {
    }

    @FunctionalInterface
    private interface Call {
        Reply send() throws InterruptedException;
    }
}
