package org.stockbazaar.frontend.order;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import org.springframework.http.HttpStatus;
import org.stockbazaar.support.ApiException;

/**
 * Trades as the front end's clients see them: how many were acknowledged (a transaction number), refused (a 4xx: no
 * such stock, not enough of it, a request id reused for another order), unknown (504: a leader got the trade and
 * gave no definitive answer within the deadline; it may have happened) or failed (another 5xx: no leader within
 * the deadline), and how long each took from the router taking it to its answer ({@code docs/metrics.md}).
 */
final class TradeMeters {

    enum Outcome {
        ACKNOWLEDGED, REFUSED, UNKNOWN, FAILED;

        String tag() {
            return name().toLowerCase();
        }
    }

    private final Counter[] trades = new Counter[Outcome.values().length];
    private final Timer[] latency = new Timer[Outcome.values().length];

    TradeMeters(MeterRegistry meters) {
        for (Outcome outcome : Outcome.values()) {
            trades[outcome.ordinal()] = Counter.builder("bazaar.trades")
                    .description("trades answered by the front end, by outcome").baseUnit("trades")
                    .tag("outcome", outcome.tag()).register(meters);
            latency[outcome.ordinal()] = Timer.builder("bazaar.trade.latency")
                    .description("a trade at the front end, from taking it to answering it (queue, leader, retries)")
                    .tag("outcome", outcome.tag()).register(meters);
        }
    }

    static Outcome outcomeOf(RuntimeException failure) {
        if (failure instanceof ApiException answered) {
            if (answered.status().is4xxClientError()) {
                return Outcome.REFUSED;
            }
            if (answered.status() == HttpStatus.GATEWAY_TIMEOUT) {
                return Outcome.UNKNOWN;
            }
        }
        return Outcome.FAILED;
    }

    void record(Outcome outcome, long startNanos) {
        trades[outcome.ordinal()].increment();
        latency[outcome.ordinal()].record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }
}
