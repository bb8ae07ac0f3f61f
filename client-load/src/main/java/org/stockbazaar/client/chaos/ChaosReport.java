package org.stockbazaar.client.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.HdrHistogram.Histogram;
import org.stockbazaar.client.chaos.Operation.Kind;

/**
 * The run's output: {@code history.csv} (every operation), {@code faults.csv} (every fault, with the trade latency
 * while it lasted) and {@code summary.txt} (counts, latency around each kind of fault, and every violation with the
 * operations and log lines that show it).
 */
final class ChaosReport {

    private static final int VIOLATIONS_SHOWN = 50;

    private final List<Operation> history;
    private final List<FaultEvent> faults;
    private final List<Violation> violations;
    private final StoredState state;

    ChaosReport(List<Operation> history, List<FaultEvent> faults, List<Violation> violations, StoredState state) {
        this.history = history;
        this.faults = faults;
        this.violations = violations;
        this.state = state;
    }

    void write(Path folder, List<String> header) {
        List<String> historyLines = new ArrayList<>(List.of(Operation.CSV_HEADER));
        history.forEach(op -> historyLines.add(op.csv()));
        List<String> faultLines = new ArrayList<>(List.of(FaultEvent.CSV_HEADER
                + ",trades,trade_errors,trade_p50_ms,trade_p99_ms,trade_max_ms"));
        for (FaultEvent fault : faults) {
            Histogram latency = tradeLatency(op -> op.overlaps(fault.startMicros(), fault.endMicros()));
            faultLines.add(fault.csv() + "," + latency.getTotalCount() + ","
                    + count(op -> op.kind() == Kind.TRADE && op.indeterminate()
                            && op.overlaps(fault.startMicros(), fault.endMicros())) + ","
                    + millis(latency, 50) + "," + millis(latency, 99) + "," + millis(latency, 100));
        }
        try {
            Files.write(folder.resolve("history.csv"), historyLines);
            Files.write(folder.resolve("faults.csv"), faultLines);
            Files.writeString(folder.resolve("summary.txt"), summary(header));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the results to " + folder, e);
        }
    }

    String summary(List<String> header) {
        StringBuilder text = new StringBuilder();
        header.forEach(line -> text.append(line).append('\n'));
        text.append('\n');
        for (Kind kind : Kind.values()) {
            text.append(String.format(Locale.ROOT, "%-7s %7d sent: %7d ok, %5d out of stock, %5d no answer or 5xx, "
                    + "%3d other%n", kind.name().toLowerCase(Locale.ROOT), count(op -> op.kind() == kind),
                    count(op -> op.kind() == kind && op.ok()), count(op -> op.kind() == kind && op.outOfStock()),
                    count(op -> op.kind() == kind && op.indeterminate()),
                    count(op -> op.kind() == kind && !op.ok() && !op.outOfStock() && !op.indeterminate())));
        }
        long requests = history.stream().filter(op -> op.kind() == Kind.TRADE && op.keyed())
                .map(Operation::requestId).distinct().count();
        long acknowledged = history.stream().filter(op -> op.kind() == Kind.TRADE && op.keyed() && op.ok())
                .map(Operation::requestId).distinct().count();
        text.append(String.format(Locale.ROOT, "trades: %d request ids with a key, %d acknowledged; %d sent once "
                + "without a key, %d acknowledged, %d without a definite answer; %d orders in the log, %d trades in "
                + "the catalog's journal%n", requests, acknowledged, count(op -> op.kind() == Kind.TRADE && !op.keyed()),
                count(op -> op.kind() == Kind.TRADE && !op.keyed() && op.ok()),
                count(op -> op.kind() == Kind.TRADE && !op.keyed() && op.indeterminate()),
                Checker.longestLog(state).size(), state.catalogTrades().size()));
        Map<Fault, Integer> byKind = new EnumMap<>(Fault.class);
        faults.forEach(fault -> byKind.merge(fault.fault(), 1, Integer::sum));
        text.append("faults: ").append(faults.size());
        byKind.forEach((fault, n) -> text.append(", ").append(fault.label()).append(' ').append(n));
        text.append("\n\ntrade latency (ms; every attempt, errors included)   count    p50    p99     max  errors\n");
        latencyLine(text, "no fault going on", op -> faults.stream()
                .noneMatch(fault -> op.overlaps(fault.startMicros(), fault.endMicros())));
        for (Fault kind : byKind.keySet()) {
            latencyLine(text, "during " + kind.label(), op -> faults.stream().filter(fault -> fault.fault() == kind)
                    .anyMatch(fault -> op.overlaps(fault.startMicros(), fault.endMicros())));
        }
        Map<Integer, Integer> byRule = new TreeMap<>();
        violations.forEach(violation -> byRule.merge(violation.rule(), 1, Integer::sum));
        text.append("\nviolations: ").append(violations.size());
        byRule.forEach((rule, n) -> text.append(", rule ").append(rule).append(": ").append(n));
        text.append('\n');
        violations.stream().limit(VIOLATIONS_SHOWN).forEach(violation -> {
            text.append("  rule ").append(violation.rule()).append(": ").append(violation.what()).append('\n');
            violation.evidence().forEach(line -> text.append("      ").append(line).append('\n'));
        });
        if (violations.size() > VIOLATIONS_SHOWN) {
            text.append("  ... and ").append(violations.size() - VIOLATIONS_SHOWN).append(" more\n");
        }
        text.append(violations.isEmpty() ? "RESULT: PASS\n" : "RESULT: FAIL\n");
        return text.toString();
    }

    private void latencyLine(StringBuilder text, String label, Predicate<Operation> when) {
        Histogram latency = tradeLatency(when);
        text.append(String.format(Locale.ROOT, "  %-50s %7d %6s %6s %7s %7d%n", label, latency.getTotalCount(),
                millis(latency, 50), millis(latency, 99), millis(latency, 100),
                count(op -> op.kind() == Kind.TRADE && op.indeterminate() && when.test(op))));
    }

    private Histogram tradeLatency(Predicate<Operation> when) {
        Histogram histogram = new Histogram(3);
        history.stream().filter(op -> op.kind() == Kind.TRADE && when.test(op))
                .forEach(op -> histogram.recordValue(Math.max(0, op.latencyMicros())));
        return histogram;
    }

    private static String millis(Histogram histogram, double percentile) {
        if (histogram.getTotalCount() == 0) {
            return "-";
        }
        long micros = percentile >= 100 ? histogram.getMaxValue() : histogram.getValueAtPercentile(percentile);
        return String.format(Locale.ROOT, "%.1f", micros / 1000.0);
    }

    private long count(Predicate<Operation> which) {
        return history.stream().filter(which).count();
    }
}
