package org.stockbazaar.client.load;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.stockbazaar.client.results.ErrorRow;
import org.stockbazaar.client.results.RequestType;
import org.stockbazaar.client.results.SummaryRow;
import org.stockbazaar.client.results.TimelineRow;

/**
 * Latencies and outcomes of one step of the sweep (one p), per request type. The clients record into HdrHistogram
 * {@link Recorder}s (wait-free for them); {@link #tick()} takes each second's interval histogram for the timeline
 * and adds it to the step's total.
 */
final class Measurements {

    private static final int SIGNIFICANT_DIGITS = 3;

    private final double p;
    private final Map<RequestType, TypeStats> stats = new EnumMap<>(RequestType.class);
    private final List<TimelineRow> timeline = new ArrayList<>();
    private final long startNanos = System.nanoTime();
    private final long startEpochMs = System.currentTimeMillis();
    private long endNanos;
    private long endEpochMs;

    Measurements(double p) {
        this.p = p;
        for (RequestType type : RequestType.values()) {
            stats.put(type, new TypeStats());
        }
    }

    double p() {
        return p;
    }

    long startEpochMs() {
        return startEpochMs;
    }

    void record(RequestType type, long latencyNanos, Outcome outcome, int status, String problem) {
        TypeStats s = stats.get(type);
        // microseconds: HdrHistogram keeps 3 significant digits of any value, so 1 us resolution costs nothing
        s.recorder.recordValue(Math.max(0, TimeUnit.NANOSECONDS.toMicros(latencyNanos)));
        s.sent.increment();
        switch (outcome) {
            case OK -> s.ok.increment();
            case REFUSED -> s.refused.increment();
            case FAILED -> s.failed.increment();
        }
        if (outcome != Outcome.OK) {
            s.errors.computeIfAbsent(new ErrorKey(status, outcome), key -> new ErrorTally(problem)).count.increment();
        }
    }

    /** Requests of this type sent so far (answered or not), including those not yet in a tick. */
    long sent(RequestType type) {
        return stats.get(type).sent.sum();
    }

    /** Requests sent so far, each once (a lookup's hit or miss record is not a request of its own). */
    long sent() {
        return requests().mapToLong(s -> s.sent.sum()).sum();
    }

    long failed() {
        return requests().mapToLong(s -> s.failed.sum()).sum();
    }

    private Stream<TypeStats> requests() {
        return stats.entrySet().stream().filter(e -> e.getKey().ownRequests).map(Map.Entry::getValue);
    }

    /** Closes the interval that ends now: one timeline row per request type. */
    synchronized void tick() {
        long now = System.currentTimeMillis();
        for (RequestType type : RequestType.values()) {
            TypeStats s = stats.get(type);
            s.interval = s.recorder.getIntervalHistogram(s.interval);
            s.total.add(s.interval);
            long failed = s.failed.sum();
            Histogram h = s.interval;
            boolean any = h.getTotalCount() > 0;
            timeline.add(new TimelineRow(now, p, type.id, h.getTotalCount(), failed - s.failedAtLastTick,
                    any ? ms(h.getMean()) : 0, any ? ms(h.getValueAtPercentile(50)) : 0,
                    any ? ms(h.getValueAtPercentile(99)) : 0, any ? ms(h.getMaxValue()) : 0));
            s.failedAtLastTick = failed;
        }
    }

    /** Ends the step: the last partial interval goes into the timeline and the totals. */
    synchronized void finish() {
        if (endEpochMs == 0) {
            tick();
            endNanos = System.nanoTime();
            endEpochMs = System.currentTimeMillis();
        }
    }

    synchronized List<TimelineRow> timeline() {
        return List.copyOf(timeline);
    }

    /** Every request sent in the step, of one type; complete after {@link #finish()}. */
    synchronized Histogram histogram(RequestType type) {
        return stats.get(type).total.copy();
    }

    synchronized List<SummaryRow> summary() {
        double seconds = (endNanos - startNanos) / 1e9;
        List<SummaryRow> rows = new ArrayList<>();
        for (RequestType type : RequestType.values()) {
            TypeStats s = stats.get(type);
            Histogram h = s.total;
            long count = h.getTotalCount();
            boolean any = count > 0;
            rows.add(new SummaryRow(p, type.id, count, s.ok.sum(), s.refused.sum(), s.failed.sum(),
                    any ? ms(h.getMean()) : 0, any ? ms(h.getValueAtPercentile(50)) : 0,
                    any ? ms(h.getValueAtPercentile(90)) : 0, any ? ms(h.getValueAtPercentile(99)) : 0,
                    any ? ms(h.getValueAtPercentile(99.9)) : 0, any ? ms(h.getMaxValue()) : 0,
                    seconds, seconds > 0 ? count / seconds : 0, startEpochMs, endEpochMs));
        }
        return rows;
    }

    List<ErrorRow> errors() {
        List<ErrorRow> rows = new ArrayList<>();
        for (RequestType type : RequestType.values()) {
            stats.get(type).errors.entrySet().stream()
                    .sorted(Map.Entry.comparingByKey(ErrorKey.ORDER))
                    .forEach(e -> rows.add(new ErrorRow(p, type.id, e.getKey().status(), e.getKey().outcome().name(),
                            e.getValue().count.sum(), e.getValue().example)));
        }
        return rows;
    }

    private static double ms(double micros) {
        return Math.round(micros) / 1000.0;
    }

    private static final class TypeStats {
        final Recorder recorder = new Recorder(SIGNIFICANT_DIGITS);
        final Histogram total = new Histogram(SIGNIFICANT_DIGITS);
        /** Recycled by the recorder at every tick. */
        Histogram interval;
        final LongAdder sent = new LongAdder();
        final LongAdder ok = new LongAdder();
        final LongAdder refused = new LongAdder();
        final LongAdder failed = new LongAdder();
        long failedAtLastTick;
        final ConcurrentMap<ErrorKey, ErrorTally> errors = new ConcurrentHashMap<>();
    }

    /** A 409 is a refusal to a buy and a failure to a sell: the outcome is part of the key. */
    private record ErrorKey(int status, Outcome outcome) {
        static final Comparator<ErrorKey> ORDER =
                Comparator.comparing(ErrorKey::outcome).thenComparingInt(ErrorKey::status);
    }

    /** How often one status came back; the first problem seen stands for them all. */
    private static final class ErrorTally {
        final String example;
        final LongAdder count = new LongAdder();

        ErrorTally(String example) {
            this.example = example;
        }
    }
}
