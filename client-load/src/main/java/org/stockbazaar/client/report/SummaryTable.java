package org.stockbazaar.client.report;

import java.util.List;
import java.util.Locale;
import org.stockbazaar.client.results.Format;
import org.stockbazaar.client.results.ResultsFolder;
import org.stockbazaar.client.results.SessionRow;
import org.stockbazaar.client.results.SummaryRow;

/** The one-screen table printed at the end of a run: per p and request type, counts and latency. */
public final class SummaryTable {

    private static final String ROW = "%-5s %-11s %9s %9s %8s %7s %8s %8s %8s %8s %9s%n";

    private SummaryTable() {
    }

    public static String render(List<SummaryRow> summary, List<SessionRow> sessions) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, ROW, "p", "request", "count", "ok", "refused", "failed",
                "mean ms", "p50 ms", "p99 ms", "max ms", "req/s"));
        Double previous = null;
        for (SummaryRow row : summary) {
            boolean first = previous == null || previous != row.p();
            previous = row.p();
            boolean any = row.count() > 0;
            out.append(String.format(Locale.ROOT, ROW, first ? Format.number(row.p()) : "", row.type(),
                    Format.count(row.count()), Format.count(row.ok()), Format.count(row.refused()),
                    Format.count(row.failed()), any ? Format.ms(row.meanMs()) : "-",
                    any ? Format.ms(row.p50Ms()) : "-", any ? Format.ms(row.p99Ms()) : "-",
                    any ? Format.ms(row.maxMs()) : "-", Format.rate(row.throughput())));
        }
        out.append(verdict(sessions)).append(System.lineSeparator());
        return out.toString();
    }

    /** One sentence on the orders of every session, warm-up included. */
    public static String verdict(List<SessionRow> sessions) {
        long orders = sessions.stream().mapToLong(SessionRow::orders).sum();
        long mismatched = sessions.stream().mapToLong(SessionRow::mismatched).sum();
        long missing = sessions.stream().mapToLong(SessionRow::missing).sum();
        if (orders == 0) {
            return "Orders: none acknowledged in " + sessions.size() + " sessions.";
        }
        String counted = Format.count(orders) + " orders acknowledged in " + sessions.size() + " sessions";
        if (mismatched == 0 && missing == 0) {
            return "Orders: " + counted + "; every one returned by GET /orders/{n} as acknowledged.";
        }
        return "Orders: VERIFICATION FAILED: " + counted + "; " + mismatched + " mismatched, " + missing
                + " missing (see " + ResultsFolder.PROBLEMS + ").";
    }
}
