package org.stockbazaar.client.chaos;

import java.util.Locale;

/**
 * One client request as the history holds it: what was asked, what came back (or that nothing did), and when.
 * Times are microseconds since the run started.
 *
 * @param client    which client thread sent it
 * @param kind      trade, lookup or order query
 * @param requestId a trade's request id: the {@code Idempotency-Key} the client sent (the same for each retry of one
 *                  trade), or for a keyless trade the one the front end answered with (empty if no answer named one);
 *                  empty for lookups and queries
 * @param keyed     a trade the client sent with its own key and asks about again until it has an answer; false for
 *                  a keyless trade, sent once without a key and never again: when it has no definite answer, nobody
 *                  learns whether it happened
 * @param stock     trade and lookup: the stock asked for; query: the stock in the answer
 * @param type      trade: buy or sell asked for; query: the type in the answer
 * @param quantity  trade: units asked for; lookup: the quantity answered; query: the units in the answer
 * @param number    trade: the transaction number answered (-1: none); query: the number asked for
 * @param status    HTTP status, 0 when no answer came back (refused, timed out, cut off)
 * @param detail    the error message, or why there was no answer
 */
record Operation(int client, Kind kind, String requestId, boolean keyed, String stock, String type, long quantity,
        long number, long startMicros, long endMicros, int status, String detail) {

    static final String CSV_HEADER =
            "client,kind,request_id,keyed,stock,type,quantity,number,start_us,end_us,status,detail";

    /** A lookup, a query, or a trade sent with the client's own key. */
    Operation(int client, Kind kind, String requestId, String stock, String type, long quantity, long number,
            long startMicros, long endMicros, int status, String detail) {
        this(client, kind, requestId, true, stock, type, quantity, number, startMicros, endMicros, status, detail);
    }

    enum Kind { TRADE, LOOKUP, QUERY }

    boolean ok() {
        return status == 200;
    }

    /** No answer or a server error: the request may or may not have taken effect. */
    boolean indeterminate() {
        return status == 0 || status >= 500;
    }

    /** A refusal because the stock ran out: a correct answer, and the trade did not happen. */
    boolean outOfStock() {
        return status == 409 && detail.startsWith("not enough stock");
    }

    long latencyMicros() {
        return endMicros - startMicros;
    }

    /** Overlaps [from, to] (microseconds since the start). */
    boolean overlaps(long fromMicros, long toMicros) {
        return startMicros <= toMicros && endMicros >= fromMicros;
    }

    String csv() {
        return String.join(",", String.valueOf(client), kind.name().toLowerCase(Locale.ROOT), requestId,
                String.valueOf(keyed), stock, type, String.valueOf(quantity), String.valueOf(number),
                String.valueOf(startMicros), String.valueOf(endMicros), String.valueOf(status), quoted(detail));
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\"", "\"\"").replaceAll("\\s+", " ") + "\"";
    }
}
