package org.stockbazaar.client.chaos;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.stockbazaar.client.chaos.Operation.Kind;
import org.stockbazaar.client.chaos.StoredState.CatalogTrade;
import org.stockbazaar.client.chaos.StoredState.LogRow;
import org.stockbazaar.client.chaos.StoredState.MetaRow;
import org.stockbazaar.client.chaos.StoredState.OrderAnswer;
import org.stockbazaar.client.chaos.StoredState.ReplicaLog;

/**
 * Checks a run's history against what the stack stored once it was quiet. Pure: no I/O, no clock, so each rule is
 * tested with hand-built histories. The rules (numbers as in {@code docs/reliability.md}):
 * <ol>
 *   <li>every acknowledged trade is in every replica's log under its number, with its content and request id, and
 *       {@code GET /orders/n} returns it (during the run and after it);</li>
 *   <li>the replicas' logs are byte-identical, numbered 0, 1, 2, ... with no gap and no repeat;</li>
 *   <li>no request id took two numbers, every logged order was asked for (with that content), the catalog applied
 *       each request id at most once and only with an order, and every order was applied to the catalog;</li>
 *   <li>each stock's catalog quantity is its initial quantity plus the units sold minus the units bought in the log;</li>
 *   <li>a lookup through the front end after quiescence returns the catalog's quantity, and a lookup during the run
 *       reflects every trade on that stock acknowledged before it started (its quantity is the one the catalog's
 *       journal shows after the latest of those trades, or after a later one);</li>
 *   <li>no client saw an error outside a fault that is visible by design (the catalog restarted or stopped, the
 *       front end restarted, two replicas down; single-replica faults are invisible), and no valid request was
 *       refused except for lack of stock.</li>
 * </ol>
 * An indeterminate trade (no answer, or 5xx) may be in the log at most once, and if it is, with its content and
 * applied to the catalog (rule 3). A keyless trade (sent once without a key) whose answer named no request id can
 * account for one logged order of its content whose request id no operation names; rule 3 reports a logged order
 * that neither a request id nor such a trade accounts for.
 *
 * <p>One class for the six rules: they read the same indexes of the history and the stored state (by request id,
 * by number, by stock), built once here; a class per rule would rebuild or pass them around.
 */
final class Checker {

    private static final int EVIDENCE_LINES = 12;

    List<Violation> check(List<Operation> history, List<FaultEvent> faults, StoredState state) {
        List<Violation> violations = new ArrayList<>();
        List<LogRow> log = longestLog(state);
        Map<String, Operation> asked = new LinkedHashMap<>();
        Map<Long, Operation> ackedByNumber = new TreeMap<>();
        for (Operation op : history) {
            if (op.kind() == Kind.TRADE) {
                if (!op.requestId().isEmpty()) {
                    asked.putIfAbsent(op.requestId(), op);
                }
                if (op.ok()) {
                    Operation earlier = ackedByNumber.putIfAbsent(op.number(), op);
                    if (earlier != null && !earlier.requestId().equals(op.requestId())) {
                        violations.add(new Violation(3, "two trades were acknowledged with number " + op.number(),
                                "op: " + earlier.csv(), "op: " + op.csv()));
                    }
                }
            }
        }
        acknowledgedTradesAreStored(history, state, violations);
        logsAreIdenticalAndGapless(state, violations);
        eachRequestTradedOnce(history, asked, state, log, violations);
        quantitiesAddUp(state, log, violations);
        lookupsAreFresh(state, violations);
        lookupsSeeAcknowledgedTrades(history, state, violations);
        clientsSawNoErrors(history, faults, violations);
        queriesDuringTheRun(history, ackedByNumber, violations);
        return violations;
    }

    /** Rule 1. */
    private void acknowledgedTradesAreStored(List<Operation> history, StoredState state, List<Violation> violations) {
        for (Operation op : history) {
            if (op.kind() != Kind.TRADE || !op.ok()) {
                continue;
            }
            for (ReplicaLog replica : state.replicas()) {
                LogRow row = rowAt(replica.rows(), op.number());
                MetaRow meta = op.number() >= 0 && op.number() < replica.meta().size()
                        ? replica.meta().get((int) op.number()) : null;
                if (row == null || !sameOrder(op, row.name(), row.type(), row.quantity())) {
                    violations.add(new Violation(1, "acknowledged trade " + op.number() + " is "
                            + (row == null ? "missing from" : "different in") + " replica " + replica.id() + "'s log",
                            "op: " + op.csv(), logFile(replica) + ": " + (row == null ? "no such row" : row.line())));
                } else if (meta == null || !op.requestId().equals(meta.requestId())) {
                    violations.add(new Violation(1, "acknowledged trade " + op.number() + " has another request id "
                            + "in replica " + replica.id() + "'s log",
                            "op: " + op.csv(), journalFile(replica) + ": " + (meta == null ? "no such row"
                                    : meta.number() + "," + meta.epoch() + "," + meta.requestId())));
                }
            }
            OrderAnswer answer = state.orders().get(op.number());
            if (answer == null || answer.status() != 200
                    || !sameOrder(op, answer.name(), answer.type(), answer.quantity())) {
                violations.add(new Violation(1, "GET /orders/" + op.number() + " after the run does not return "
                        + "the acknowledged trade", "op: " + op.csv(), "answer: " + answer));
            }
        }
    }

    /** Rule 2. */
    private void logsAreIdenticalAndGapless(StoredState state, List<Violation> violations) {
        List<ReplicaLog> replicas = state.replicas();
        for (int i = 1; i < replicas.size(); i++) {
            ReplicaLog first = replicas.get(0);
            ReplicaLog other = replicas.get(i);
            if (!Arrays.equals(first.bytes(), other.bytes())) {
                violations.add(new Violation(2, "replicas " + first.id() + " and " + other.id()
                        + " hold different logs (" + first.rows().size() + " and " + other.rows().size() + " rows)",
                        firstDifference(first, other)));
            }
        }
        for (ReplicaLog replica : replicas) {
            for (int i = 0; i < replica.rows().size(); i++) {
                LogRow row = replica.rows().get(i);
                if (row.number() != i) {
                    violations.add(new Violation(2, "replica " + replica.id() + "'s log row " + i + " has number "
                            + row.number() + " (a gap or a repeat)", logFile(replica) + ": " + row.line()));
                    break;
                }
            }
            if (replica.meta().size() != replica.rows().size()) {
                violations.add(new Violation(2, "replica " + replica.id() + " has " + replica.rows().size()
                        + " log rows but " + replica.meta().size() + " journal rows"));
            }
        }
    }

    /** Rule 3. */
    private void eachRequestTradedOnce(List<Operation> history, Map<String, Operation> asked, StoredState state,
            List<LogRow> log, List<Violation> violations) {
        Map<String, Operation> firstAck = new HashMap<>();
        for (Operation op : history) {
            if (op.kind() == Kind.TRADE && op.ok() && !op.requestId().isEmpty()) {
                Operation earlier = firstAck.putIfAbsent(op.requestId(), op);
                if (earlier != null && earlier.number() != op.number()) {
                    violations.add(new Violation(3, "request id " + op.requestId() + " took two numbers, "
                            + earlier.number() + " and " + op.number(), "op: " + earlier.csv(), "op: " + op.csv()));
                }
            }
        }
        ReplicaLog longest = state.replicas().stream()
                .max((a, b) -> Integer.compare(a.rows().size(), b.rows().size())).orElse(null);
        // keyless trades whose request id nobody learnt, by content: each may account for one logged order
        Map<String, List<Operation>> unnamed = new HashMap<>();
        for (Operation op : history) {
            if (op.kind() == Kind.TRADE && !op.keyed() && op.requestId().isEmpty() && op.indeterminate()) {
                unnamed.computeIfAbsent(content(op.stock(), op.type(), op.quantity()), key -> new ArrayList<>())
                        .add(op);
            }
        }
        Map<String, LogRow> logged = new HashMap<>();
        if (longest != null) {
            for (int i = 0; i < Math.min(longest.meta().size(), log.size()); i++) {
                MetaRow meta = longest.meta().get(i);
                LogRow row = log.get(i);
                LogRow earlier = logged.putIfAbsent(meta.requestId(), row);
                if (earlier != null) {
                    violations.add(new Violation(3, "request id " + meta.requestId() + " is in the log twice",
                            logFile(longest) + ": " + earlier.line(), logFile(longest) + ": " + row.line()));
                }
                Operation request = asked.get(meta.requestId());
                List<Operation> sameContent = unnamed.getOrDefault(content(row.name(), row.type(), row.quantity()),
                        List.of());
                if (request == null && !sameContent.isEmpty()) {
                    sameContent.removeFirst(); // that keyless trade happened, under the id the front end made
                } else if (request == null) {
                    violations.add(new Violation(3, "order " + row.number() + " was never asked for (request id "
                            + meta.requestId() + ")", logFile(longest) + ": " + row.line()));
                } else if (!sameOrder(request, row.name(), row.type(), row.quantity())) {
                    violations.add(new Violation(3, "order " + row.number() + " differs from its request",
                            "op: " + request.csv(), logFile(longest) + ": " + row.line()));
                }
            }
        }
        Map<String, CatalogTrade> applied = new HashMap<>();
        for (CatalogTrade trade : state.catalogTrades()) {
            CatalogTrade earlier = applied.putIfAbsent(trade.requestId(), trade);
            if (earlier != null) {
                violations.add(new Violation(3, "the catalog applied request id " + trade.requestId() + " twice",
                        "catalog journal: " + earlier, "catalog journal: " + trade));
            }
            LogRow order = logged.get(trade.requestId());
            if (order == null) {
                violations.add(new Violation(3, "the catalog applied a trade that has no order (request id "
                        + trade.requestId() + ")", "catalog journal: " + trade,
                        "op: " + (asked.containsKey(trade.requestId()) ? asked.get(trade.requestId()).csv()
                                : "none with this request id")));
            } else if (!order.name().equals(trade.name()) || !order.type().equalsIgnoreCase(trade.type())
                    || order.quantity() != trade.units()) {
                violations.add(new Violation(3, "the catalog applied request id " + trade.requestId()
                        + " with other content than its order", "catalog journal: " + trade, "order: " + order.line()));
            }
        }
        for (Map.Entry<String, LogRow> order : logged.entrySet()) {
            if (!applied.containsKey(order.getKey())) {
                violations.add(new Violation(3, "order " + order.getValue().number() + " was never applied to the "
                        + "catalog (request id " + order.getKey() + ")", "order: " + order.getValue().line()));
            }
        }
    }

    /** Rule 4. */
    private void quantitiesAddUp(StoredState state, List<LogRow> log, List<Violation> violations) {
        Map<String, Long> expected = new TreeMap<>(state.initial());
        for (LogRow row : log) {
            long signed = "sell".equals(row.type()) ? row.quantity() : -row.quantity();
            expected.merge(row.name(), signed, Long::sum);
        }
        for (Map.Entry<String, Long> stock : expected.entrySet()) {
            Long actual = state.catalog().get(stock.getKey());
            if (!Objects.equals(actual, stock.getValue())) {
                violations.add(new Violation(4, stock.getKey() + ": the catalog holds " + actual + ", initial "
                        + state.initial().get(stock.getKey()) + " plus sells minus buys in the log is "
                        + stock.getValue()));
            }
        }
    }

    /** Rule 5. */
    private void lookupsAreFresh(StoredState state, List<Violation> violations) {
        for (Map.Entry<String, Long> lookup : state.frontendLookups().entrySet()) {
            Long catalog = state.catalog().get(lookup.getKey());
            if (!Objects.equals(catalog, lookup.getValue())) {
                violations.add(new Violation(5, lookup.getKey() + ": the front end answers " + lookup.getValue()
                        + " after quiescence, the catalog " + catalog + " (a stale cache entry)"));
            }
        }
    }

    /**
     * Rule 5 during the run. An acknowledged trade was applied by the catalog and dropped from the front end's cache
     * before the client got its answer, so a lookup that starts afterwards must see it: its quantity must be the
     * quantity after that trade's journal entry or after a later entry of the same stock.
     */
    private void lookupsSeeAcknowledgedTrades(List<Operation> history, StoredState state,
            List<Violation> violations) {
        Map<String, CatalogTrade> appliedByRequest = new HashMap<>();
        Map<String, List<CatalogTrade>> journalByStock = new HashMap<>();
        for (CatalogTrade trade : state.catalogTrades()) {
            if (appliedByRequest.putIfAbsent(trade.requestId(), trade) == null) {
                journalByStock.computeIfAbsent(trade.name(), name -> new ArrayList<>()).add(trade);
            }
        }
        List<Operation> acknowledged = history.stream().filter(op -> op.kind() == Kind.TRADE && op.ok())
                .sorted(Comparator.comparingLong(Operation::endMicros)).toList();
        List<Operation> lookups = history.stream().filter(op -> op.kind() == Kind.LOOKUP && op.ok())
                .sorted(Comparator.comparingLong(Operation::startMicros)).toList();
        Map<String, Operation> latestTrade = new HashMap<>();
        Map<String, Integer> latestIndex = new HashMap<>();
        int next = 0;
        for (Operation lookup : lookups) {
            while (next < acknowledged.size() && acknowledged.get(next).endMicros() < lookup.startMicros()) {
                Operation trade = acknowledged.get(next++);
                CatalogTrade applied = appliedByRequest.get(trade.requestId());
                List<CatalogTrade> journal = journalByStock.get(trade.stock());
                if (applied == null || journal == null) {
                    continue; // rule 3 reports a trade the catalog never applied
                }
                int index = Collections.binarySearch(journal, applied, Comparator.comparingLong(CatalogTrade::seq));
                if (index > latestIndex.getOrDefault(trade.stock(), -1)) {
                    latestIndex.put(trade.stock(), index);
                    latestTrade.put(trade.stock(), trade);
                }
            }
            Integer from = latestIndex.get(lookup.stock());
            if (from == null) {
                continue;
            }
            List<CatalogTrade> journal = journalByStock.get(lookup.stock());
            boolean seen = false;
            for (int i = from; i < journal.size() && !seen; i++) {
                seen = journal.get(i).quantityAfter() == lookup.quantity();
            }
            if (!seen) {
                violations.add(new Violation(5, "a lookup of " + lookup.stock() + " answered " + lookup.quantity()
                        + ", a quantity from before a trade acknowledged before the lookup started (a stale read)",
                        "op: " + latestTrade.get(lookup.stock()).csv(), "catalog journal: " + journal.get(from),
                        "op: " + lookup.csv()));
            }
        }
    }

    /** Rule 6. */
    private void clientsSawNoErrors(List<Operation> history, List<FaultEvent> faults, List<Violation> violations) {
        for (Operation op : history) {
            if (op.ok() || op.outOfStock() || (op.kind() == Kind.QUERY && op.status() == 404)) {
                continue; // a query's 404 for an acknowledged number is rule 1's
            }
            if (op.indeterminate()) {
                FaultEvent excuse = faults.stream()
                        .filter(fault -> !fault.fault().singleReplica())
                        .filter(fault -> op.overlaps(fault.startMicros(), fault.endMicros()))
                        .findFirst().orElse(null);
                if (excuse == null) {
                    FaultEvent during = faults.stream()
                            .filter(fault -> op.overlaps(fault.startMicros(), fault.endMicros()))
                            .findFirst().orElse(null);
                    violations.add(new Violation(6, "a client saw an error " + (during == null ? "with no fault going on"
                            : "during " + during.fault().label() + " of " + during.target() + " (round "
                                    + during.round() + ")"), "op: " + op.csv()));
                }
            } else {
                violations.add(new Violation(6, "a valid " + op.kind().name().toLowerCase() + " was refused with "
                        + op.status(), "op: " + op.csv()));
            }
        }
    }

    /** Rule 1, as clients see it while the faults go on: an order query returns what was acknowledged. */
    private void queriesDuringTheRun(List<Operation> history, Map<Long, Operation> ackedByNumber,
            List<Violation> violations) {
        for (Operation query : history) {
            if (query.kind() != Kind.QUERY) {
                continue;
            }
            Operation trade = ackedByNumber.get(query.number());
            if (trade == null || trade.endMicros() > query.startMicros()) {
                continue; // the client asked for a number it had not seen acknowledged yet
            }
            if (query.status() == 404 || query.ok() && !sameOrder(trade, query.stock(), query.type(), query.quantity())) {
                violations.add(new Violation(1, "GET /orders/" + query.number() + " during the run did not return "
                        + "the acknowledged trade", "op: " + trade.csv(), "op: " + query.csv()));
            }
        }
    }

    static List<LogRow> longestLog(StoredState state) {
        return state.replicas().stream().map(ReplicaLog::rows)
                .max((a, b) -> Integer.compare(a.size(), b.size())).orElse(List.of());
    }

    private static String content(String name, String type, long quantity) {
        return name + "," + type + "," + quantity;
    }

    private static boolean sameOrder(Operation trade, String name, String type, long quantity) {
        return trade.stock().equals(name) && trade.type().equals(type) && trade.quantity() == quantity;
    }

    private static LogRow rowAt(List<LogRow> rows, long number) {
        return number >= 0 && number < rows.size() ? rows.get((int) number) : null;
    }

    private static String[] firstDifference(ReplicaLog a, ReplicaLog b) {
        List<String> lines = new ArrayList<>();
        int rows = Math.max(a.rows().size(), b.rows().size());
        for (int i = 0; i < rows && lines.size() < EVIDENCE_LINES; i++) {
            LogRow left = i < a.rows().size() ? a.rows().get(i) : null;
            LogRow right = i < b.rows().size() ? b.rows().get(i) : null;
            if (!Objects.equals(left, right)) {
                lines.add(logFile(a) + ": " + (left == null ? "(none)" : left.line()));
                lines.add(logFile(b) + ": " + (right == null ? "(none)" : right.line()));
            }
        }
        if (lines.isEmpty()) {
            lines.add("the rows agree; the bytes differ (a torn or extra line)");
        }
        return lines.toArray(String[]::new);
    }

    private static String logFile(ReplicaLog replica) {
        return "order_log_" + replica.id() + ".csv";
    }

    private static String journalFile(ReplicaLog replica) {
        return "order_journal_" + replica.id() + ".csv";
    }
}
