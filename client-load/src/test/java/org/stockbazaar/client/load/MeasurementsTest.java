package org.stockbazaar.client.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.stockbazaar.client.results.ErrorRow;
import org.stockbazaar.client.results.RequestType;
import org.stockbazaar.client.results.SummaryRow;
import org.stockbazaar.client.results.TimelineRow;

class MeasurementsTest {

    @Test
    void theSummaryHasTheCountsPercentilesAndMeanOfWhatWasRecorded() {
        Measurements measurements = new Measurements(0.4);
        for (int ms = 1; ms <= 100; ms++) {
            measurements.record(RequestType.LOOKUP, TimeUnit.MILLISECONDS.toNanos(ms), Outcome.OK, 200, null);
        }
        measurements.record(RequestType.TRADE, TimeUnit.MILLISECONDS.toNanos(5), Outcome.REFUSED, 409, "409 no");
        measurements.record(RequestType.TRADE, TimeUnit.MILLISECONDS.toNanos(7), Outcome.FAILED, 0, "0 refused");
        measurements.finish();

        SummaryRow lookup = measurements.summary().get(0);
        assertThat(lookup.p()).isEqualTo(0.4);
        assertThat(lookup.type()).isEqualTo("lookup");
        assertThat(lookup.count()).isEqualTo(100);
        assertThat(lookup.meanMs()).isCloseTo(50.5, within(0.1));
        assertThat(lookup.p50Ms()).isCloseTo(50, within(0.1));
        assertThat(lookup.p90Ms()).isCloseTo(90, within(0.1));
        assertThat(lookup.p99Ms()).isCloseTo(99, within(0.1));
        assertThat(lookup.maxMs()).isCloseTo(100, within(0.1));
        SummaryRow trade = measurements.summary().get(1);
        assertThat(trade.count()).isEqualTo(2);
        assertThat(trade.refused()).isEqualTo(1);
        assertThat(trade.failed()).isEqualTo(1);
        assertThat(measurements.errors()).extracting(ErrorRow::status, ErrorRow::outcome, ErrorRow::count)
                .containsExactly(tuple(409, "REFUSED", 1L), tuple(0, "FAILED", 1L));
    }

    @Test
    void everyTickAddsOneTimelineRowPerRequestTypeAndTheTotalsKeepEverything() {
        Measurements measurements = new Measurements(0);
        measurements.record(RequestType.LOOKUP, TimeUnit.MILLISECONDS.toNanos(2), Outcome.OK, 200, null);
        measurements.tick();
        measurements.record(RequestType.LOOKUP, TimeUnit.MILLISECONDS.toNanos(4), Outcome.FAILED, 500, "500 x");
        measurements.finish();

        assertThat(measurements.timeline()).hasSize(2 * RequestType.values().length);
        assertThat(measurements.timeline()).filteredOn(row -> row.type().equals("lookup"))
                .extracting(TimelineRow::count, TimelineRow::failed, row -> Math.round(row.maxMs()))
                .containsExactly(tuple(1L, 0L, 2L), tuple(1L, 1L, 4L));
        assertThat(measurements.histogram(RequestType.LOOKUP).getTotalCount()).isEqualTo(2);
    }

    @Test
    void aLookupRecordedAlsoAsAHitOrMissCountsAsOneRequest() {
        Measurements measurements = new Measurements(0);
        measurements.record(RequestType.LOOKUP, TimeUnit.MILLISECONDS.toNanos(1), Outcome.OK, 200, null);
        measurements.record(RequestType.LOOKUP_HIT, TimeUnit.MILLISECONDS.toNanos(1), Outcome.OK, 200, null);
        measurements.record(RequestType.LOOKUP, TimeUnit.MILLISECONDS.toNanos(3), Outcome.OK, 200, null);
        measurements.record(RequestType.LOOKUP_MISS, TimeUnit.MILLISECONDS.toNanos(3), Outcome.OK, 200, null);
        measurements.record(RequestType.TRADE, TimeUnit.MILLISECONDS.toNanos(5), Outcome.FAILED, 503, "503 x");

        assertThat(measurements.sent()).isEqualTo(3);
        assertThat(measurements.failed()).isEqualTo(1);
        assertThat(measurements.sent(RequestType.LOOKUP_HIT)).isEqualTo(1);
    }
}
