package org.stockbazaar.client.results;

/**
 * One line of {@code summary.csv}: one request type at one p. Latencies in milliseconds, over every request sent
 * (whatever its outcome); {@code throughput} is answers per second over the step's wall time.
 */
public record SummaryRow(double p, String type, long count, long ok, long refused, long failed, double meanMs,
        double p50Ms, double p90Ms, double p99Ms, double p999Ms, double maxMs, double seconds, double throughput,
        long startEpochMs, long endEpochMs) {
}
