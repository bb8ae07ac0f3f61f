package org.stockbazaar.client.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.stockbazaar.client.api.BazaarConnection;
import org.stockbazaar.client.api.FakeFrontend;
import org.stockbazaar.client.api.Order;
import org.stockbazaar.client.results.RequestType;

class PacingTest {

    @Test
    void aFixedRateSpacesTheIntendedSendTimesEvenlyAndNeverSlips() throws Exception {
        Pacing pacing = Pacing.fixedRate(1000, 0);
        long first = pacing.nextSend();
        long second = pacing.nextSend();
        long third = pacing.nextSend();

        assertThat(second - first).isEqualTo(TimeUnit.MILLISECONDS.toNanos(1));
        assertThat(third - second).isEqualTo(TimeUnit.MILLISECONDS.toNanos(1));
        assertThat(System.nanoTime()).isGreaterThanOrEqualTo(third);
    }

    @Test
    void clientsStartSpreadOverTheFirstInterval() throws Exception {
        Pacing first = Pacing.fixedRate(10, 0);
        Pacing second = Pacing.fixedRate(10, 0.5);
        long half = second.nextSend() - first.nextSend();

        assertThat(half).isBetween(TimeUnit.MILLISECONDS.toNanos(45), TimeUnit.MILLISECONDS.toNanos(55));
    }

    /**
     * One lookup stalls for 300 ms. The closed model sees one slow request; the open model also charges the requests
     * that were due during the stall with the time they had to wait, as a real user arriving then would see it.
     */
    @Test
    void theOpenModelShowsAStallInEveryRequestItHeldUpAndTheClosedModelInOne() throws Exception {
        long closed = slowLookups(Pacing.closed());
        long open = slowLookups(Pacing.fixedRate(200, 0));

        assertThat(closed).isEqualTo(1);
        assertThat(open).isGreaterThanOrEqualTo(10);
    }

    private static long slowLookups(Pacing pacing) throws InterruptedException {
        try (FakeFrontend frontend = new FakeFrontend()) {
            BazaarConnection connection = new BazaarConnection(frontend.url(), Duration.ofSeconds(5));
            Map<Long, Order> acknowledged = new ConcurrentHashMap<>();
            // not measured: the first request of a JVM loads the HTTP client and opens the connection
            new Session(connection, Pacing.closed(), new Measurements(0), new SplittableRandom(1), 1, acknowledged)
                    .run();
            frontend.stallLookup = 21;
            frontend.stallMillis = 300;
            Measurements measurements = new Measurements(0);
            new Session(connection, pacing, measurements, new SplittableRandom(1), 100, acknowledged).run();
            measurements.finish();
            Histogram lookups = measurements.histogram(RequestType.LOOKUP);
            return lookups.getTotalCount() - lookups.getCountBetweenValues(0, TimeUnit.MILLISECONDS.toMicros(150));
        }
    }
}
