package org.stockbazaar.client.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.stockbazaar.client.api.BazaarConnection;
import org.stockbazaar.client.api.FakeFrontend;
import org.stockbazaar.client.api.Order;
import org.stockbazaar.client.results.RequestType;
import org.stockbazaar.client.results.SummaryRow;

class SessionTest {

    private final FakeFrontend frontend = new FakeFrontend();
    private final Map<Long, Order> acknowledged = new ConcurrentHashMap<>();

    @AfterEach
    void stop() {
        frontend.close();
    }

    @Test
    void everyAcknowledgedOrderIsQueriedAndComesBackAsAcknowledged() throws Exception {
        Measurements measurements = new Measurements(1.0);

        Session.Result result = session(measurements, 40).run();

        assertThat(result.orders()).isNotEmpty().containsExactlyElementsOf(frontend.orders);
        assertThat(result.verified()).isEqualTo(result.orders().size());
        assertThat(result.passed()).isTrue();
        measurements.finish();
        assertThat(count(measurements, RequestType.LOOKUP)).isEqualTo(40);
        assertThat(count(measurements, RequestType.QUERY)).isEqualTo(result.orders().size());
    }

    @Test
    void lookupsAreAlsoCountedByWhatServedThemAsTheFrontEndSaysIt() throws Exception {
        Measurements measurements = new Measurements(0.0);

        session(measurements, 60).run();

        measurements.finish();
        // the fake front end misses once per stock it has not seen, and hits after
        assertThat(count(measurements, RequestType.LOOKUP_MISS)).isEqualTo(frontend.seenStocks.size());
        assertThat(count(measurements, RequestType.LOOKUP_HIT)).isEqualTo(60 - frontend.seenStocks.size());
        assertThat(count(measurements, RequestType.LOOKUP)).isEqualTo(60);
    }

    @Test
    void anOrderReturnedDifferentFromItsAcknowledgementIsCaught() throws Exception {
        frontend.orderAnswer = order -> order.number() == 3
                ? new Order(order.number(), order.name(), order.type(), order.quantity() + 1) : order;

        Session.Result result = session(new Measurements(1.0), 20).run();

        assertThat(result.passed()).isFalse();
        assertThat(result.mismatched()).isEqualTo(1);
        assertThat(result.missing()).isZero();
        assertThat(result.verified()).isEqualTo(result.orders().size() - 1);
        assertThat(result.problems()).singleElement().asString()
                .contains("order #3 ", "acknowledged, but GET /orders/3 answered");
    }

    @Test
    void anOrderTheFrontEndDoesNotReturnIsCaughtAsMissing() throws Exception {
        frontend.forgetOrders = true;

        Session.Result result = session(new Measurements(1.0), 10).run();

        assertThat(result.orders()).isNotEmpty();
        assertThat(result.missing()).isEqualTo(result.orders().size());
        assertThat(result.passed()).isFalse();
        assertThat(result.problems().get(0)).contains("not returned: 404 order not found");
    }

    @Test
    void aTransactionNumberAcknowledgedTwiceIsCaughtAcrossSessions() throws Exception {
        frontend.sameNumberForEveryTrade = true;

        Session.Result first = session(new Measurements(1.0), 10).run();
        Session.Result second = session(new Measurements(1.0), 10).run();

        assertThat(first.mismatched() + second.mismatched()).isGreaterThan(0);
        assertThat(second.problems()).anySatisfy(problem -> assertThat(problem)
                .contains("transaction number 0 acknowledged twice"));
    }

    @Test
    void aBuyRefusedForLackOfStockIsCountedApartFromFailures() throws Exception {
        frontend.quantities.replaceAll((name, quantity) -> 1L);
        Measurements measurements = new Measurements(1.0);

        session(measurements, 60).run();
        measurements.finish();

        SummaryRow trades = row(measurements, RequestType.TRADE);
        assertThat(trades.refused()).isPositive();
        assertThat(trades.failed()).isZero();
        assertThat(trades.ok() + trades.refused()).isEqualTo(trades.count());
        assertThat(measurements.errors()).singleElement().satisfies(error -> {
            assertThat(error.status()).isEqualTo(409);
            assertThat(error.outcome()).isEqualTo("REFUSED");
            assertThat(error.example()).isEqualTo("409 not enough stock");
        });
    }

    @Test
    void withPZeroOrNothingInStockNoTradeIsSent() throws Exception {
        Session.Result none = session(new Measurements(0.0), 30).run();
        frontend.quantities.replaceAll((name, quantity) -> 0L);
        Session.Result soldOut = session(new Measurements(1.0), 30).run();

        assertThat(none.orders()).isEmpty();
        assertThat(soldOut.orders()).isEmpty();
        assertThat(frontend.orders).isEmpty();
    }

    @Test
    void aFailedLookupIsRecordedAsFailedAndNotTraded() throws Exception {
        frontend.lookupStatus = 503;
        Measurements measurements = new Measurements(1.0);

        Session.Result result = session(measurements, 5).run();
        measurements.finish();

        assertThat(result.orders()).isEmpty();
        assertThat(row(measurements, RequestType.LOOKUP).failed()).isEqualTo(5);
        assertThat(measurements.errors()).singleElement()
                .satisfies(error -> assertThat(error.example()).isEqualTo("503 lookup broken on purpose"));
    }

    @Test
    void aSessionKeepsOneConnectionForAllItsRequests() throws Exception {
        session(new Measurements(1.0), 30).run();

        assertThat(frontend.clientPorts).hasSize(1);
    }

    @Test
    void theSameSeedMakesTheSameChoices() throws Exception {
        List<Order> first = new Session(connection(), Pacing.closed(), new Measurements(0.5),
                new SplittableRandom(7), 30, new ConcurrentHashMap<>()).run().orders();
        FakeFrontend again = new FakeFrontend();
        try (again) {
            List<Order> second = new Session(new BazaarConnection(again.url(), Duration.ofSeconds(5)),
                    Pacing.closed(), new Measurements(0.5), new SplittableRandom(7), 30, new ConcurrentHashMap<>())
                    .run().orders();
            assertThat(second).isNotEmpty().isEqualTo(first);
        }
    }

    private Session session(Measurements measurements, int iterations) {
        return new Session(connection(), Pacing.closed(), measurements, new SplittableRandom(42), iterations,
                acknowledged);
    }

    private BazaarConnection connection() {
        return new BazaarConnection(frontend.url(), Duration.ofSeconds(5));
    }

    private static long count(Measurements measurements, RequestType type) {
        return row(measurements, type).count();
    }

    private static SummaryRow row(Measurements measurements, RequestType type) {
        return measurements.summary().stream().filter(row -> row.type().equals(type.id)).findFirst().orElseThrow();
    }
}
