package org.stockbazaar.client.results;

/**
 * One line of {@code verification.csv}: one session's orders and how their check went. {@code url} is the front end
 * the session traded through and queried its orders at (null in results written before it was recorded).
 * {@code missing} counts orders that {@code GET /orders/{n}} did not return (404 or any other failure);
 * {@code mismatched} counts orders returned different from what the trade acknowledged, or numbers given to two
 * orders.
 */
public record SessionRow(double p, boolean warmup, int client, int session, String url, int iterations, int orders, int verified,
        int mismatched, int missing, String firstProblem) {

    public boolean passed() {
        return mismatched == 0 && missing == 0;
    }
}
