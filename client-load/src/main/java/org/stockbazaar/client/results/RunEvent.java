package org.stockbazaar.client.results;

import java.util.Locale;

/**
 * One line of {@code events.csv}, which the client does not write: whatever drove the stack during the run
 * (scripts/evaluate.sh: a replica killed, a replica ready again) notes it there, and the report marks it on the
 * latency-over-time chart. A kill is any event whose text contains "kill".
 */
public record RunEvent(long epochMs, String event) {

    public boolean isKill() {
        return event.toLowerCase(Locale.ROOT).contains("kill");
    }
}
