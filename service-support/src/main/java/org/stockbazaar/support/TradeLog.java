package org.stockbazaar.support;

import java.util.Collection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Which trades a log line is about, so that one grep for a trade's request id (the client's {@code Idempotency-Key},
 * or the id the front end gave it) finds every line about it in every service: the ids go into the logging context
 * under {@value #KEY}, which each service's log pattern prints. Every hop knows the ids from the request itself (a
 * batch carries its trades' ids), so no header is needed between services.
 *
 * <p>{@link #LOG} ({@code org.stockbazaar.trades}) writes one DEBUG line per trade or batch at each hop; it is off
 * by default (a line per trade per service costs at thousands of trades a second) and on with
 * {@code LOGGING_LEVEL_ORG_STOCKBAZAAR_TRADES=debug}. Lines logged at other levels carry the ids whenever they are
 * about a trade (a retry at the next leader, an error).
 */
public final class TradeLog {

    public static final String KEY = "trades";
    public static final Logger LOG = LoggerFactory.getLogger("org.stockbazaar.trades");

    private TradeLog() {
    }

    /** Tags the rest of the current HTTP request's lines; {@link ServiceSupportConfiguration} clears it after. */
    public static void tagRequest(Collection<String> requestIds) {
        MDC.put(KEY, String.join(",", requestIds));
    }

    /** Tags the lines until {@code close}, which puts back what was there before (for threads that are not a request's). */
    public static Tag tag(Collection<String> requestIds) {
        String before = MDC.get(KEY);
        MDC.put(KEY, String.join(",", requestIds));
        return () -> {
            if (before == null) {
                MDC.remove(KEY);
            } else {
                MDC.put(KEY, before);
            }
        };
    }

    /** An {@link AutoCloseable} that throws nothing. */
    @FunctionalInterface
    public interface Tag extends AutoCloseable {
        @Override
        void close();
    }
}
