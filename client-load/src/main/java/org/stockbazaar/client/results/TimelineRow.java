package org.stockbazaar.client.results;

/**
 * One line of {@code timeline.csv}: the requests of one type that completed in the second ending at
 * {@code epochMs}. An interval in which nothing completed has count 0 and latencies 0.
 */
public record TimelineRow(long epochMs, double p, String type, long count, long failed, double meanMs, double p50Ms,
        double p99Ms, double maxMs) {
}
