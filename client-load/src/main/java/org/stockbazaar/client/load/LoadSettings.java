package org.stockbazaar.client.load;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * What {@code run} was asked to do.
 *
 * @param urls          the front ends, at least one; sessions go to them round-robin ({@link FrontEnds})
 * @param duration      null: one session per client at each p; else each client starts sessions back to back until
 *                      this much time has passed at that p (the last one still finishes and is verified)
 * @param rate          null: closed model; else the open model at this many requests per second over all clients
 * @param internalToken the front end's internal secret, to sample its cache; null: no sampling
 */
record LoadSettings(List<URI> urls, int clients, int iterations, List<Double> ps, int warmup, Duration duration, long seed,
        Double rate, String label, Duration timeout, String internalToken, Duration cacheSampleEvery) {
}
