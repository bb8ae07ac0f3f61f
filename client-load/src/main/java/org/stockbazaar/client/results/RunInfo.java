package org.stockbazaar.client.results;

import java.util.List;
import java.util.Locale;

/**
 * {@code run.json}: what a run did, so that its results can be read, and the run repeated, without anything else.
 *
 * @param url             the front end, or the front ends separated by commas
 * @param model           {@code closed} or {@code open} (see {@code load.Pacing})
 * @param rate            requests per second over all clients in the open model, null in the closed one
 * @param durationSeconds null: one session per client at each p; else sessions back to back for this long
 */
public record RunInfo(String label, String url, String model, Double rate, int clients, int iterations, List<Double> p,
        int warmup, Double durationSeconds, long seed, long startEpochMs, long endEpochMs, String command,
        String javaVersion, int processors) {

    public static final String CLOSED = "closed";
    public static final String OPEN = "open";

    public boolean open() {
        return OPEN.equals(model);
    }

    /** How the figures of this run were produced, in a sentence for the report. */
    public String modelDescription() {
        if (open()) {
            return String.format(Locale.ROOT, "open model at %s requests/s over %d clients: requests "
                    + "are due on a fixed schedule and latency counts from the moment each was due, so a stall "
                    + "shows in every request it held up (no coordinated omission)", Format.number(rate), clients);
        }
        return "closed model, " + clients + " clients: each sends its next request when the previous answer is in, "
                + "and latency counts from the actual send (a stall delays the requests that would have been sent, "
                + "so they are not measured: coordinated omission)";
    }
}
