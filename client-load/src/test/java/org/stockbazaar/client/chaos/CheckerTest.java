package org.stockbazaar.client.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.stockbazaar.client.chaos.Operation.Kind;
import org.stockbazaar.client.chaos.StoredState.CatalogTrade;
import org.stockbazaar.client.chaos.StoredState.LogRow;
import org.stockbazaar.client.chaos.StoredState.MetaRow;
import org.stockbazaar.client.chaos.StoredState.OrderAnswer;
import org.stockbazaar.client.chaos.StoredState.ReplicaLog;

/** Hand-built histories and stored states: one consistent run, then each kind of broken promise. */
class CheckerTest {

    private final Checker checker = new Checker();
    private final List<Operation> history = new ArrayList<>();
    private final List<FaultEvent> faults = new ArrayList<>();
    /** The orders every replica holds, in number order, with their request ids. */
    private final List<LogRow> rows = new ArrayList<>();
    private final List<String> requestIds = new ArrayList<>();
    private final List<CatalogTrade> catalogTrades = new ArrayList<>();
    private final Map<String, Long> catalog = new TreeMap<>(Map.of("GameStart", 100L, "BoarCo", 100L));
    private final Map<String, Long> lookups = new LinkedHashMap<>();

    @Test
    void aConsistentRunHasNoViolation() {
        acknowledged("r1", "GameStart", "buy", 3, 0, 10);
        acknowledged("r2", "BoarCo", "sell", 2, 1, 20);
        indeterminateButLogged("r3", "GameStart", "sell", 1, 30);
        indeterminateAndLost("r4", "BoarCo", "buy", 1, 40);
        history.add(new Operation(1, Kind.QUERY, "", "GameStart", "buy", 3, 0, 50, 60, 200, ""));
        history.add(new Operation(2, Kind.TRADE, "r5", "BoarCo", "buy", 500, -1, 70, 80, 409,
                "not enough stock: only 102 left"));

        assertThat(check()).isEmpty();
    }

    @Test
    void anAcknowledgedTradeMissingFromTheLogsBreaksRuleOne() {
        acknowledged("r1", "GameStart", "buy", 3, 0, 10);
        history.add(new Operation(1, Kind.TRADE, "r2", "BoarCo", "buy", 1, 1, 20, 30, 200, ""));

        assertThat(check()).extracting(Violation::rule).contains(1);
        assertThat(check()).anySatisfy(violation -> assertThat(violation.what())
                .contains("acknowledged trade 1 is missing from replica 1's log"));
    }

    @Test
    void anOrderQueryDuringTheRunThatReturnsSomethingElseBreaksRuleOne() {
        acknowledged("r1", "GameStart", "buy", 3, 0, 10);
        history.add(new Operation(1, Kind.QUERY, "", "GameStart", "sell", 3, 0, 50, 60, 200, ""));

        assertThat(rules()).containsExactly(1);
    }

    @Test
    void replicasWithDifferentLogsBreakRuleTwo() {
        acknowledged("r1", "GameStart", "buy", 3, 0, 10);
        List<ReplicaLog> replicas = replicas();
        ReplicaLog third = replicas.get(2);
        replicas.set(2, new ReplicaLog(3, (new String(third.bytes(), StandardCharsets.US_ASCII) + "1,BoarCo,buy,1\n")
                .getBytes(StandardCharsets.US_ASCII), third.rows(), third.meta()));

        List<Violation> violations = checker.check(history, faults, state(replicas));

        assertThat(violations).singleElement().satisfies(violation -> {
            assertThat(violation.rule()).isEqualTo(2);
            assertThat(violation.what()).isEqualTo("replicas 1 and 3 hold different logs (1 and 1 rows)");
        });
    }

    @Test
    void aGapInTheNumbersBreaksRuleTwo() {
        acknowledged("r1", "GameStart", "buy", 3, 0, 10);
        rows.add(new LogRow(2, "GameStart", "buy", 1));
        requestIds.add("r1");

        assertThat(rules()).contains(2);
    }

    @Test
    void aRequestIdWithTwoNumbersBreaksRuleThree() {
        acknowledged("r1", "GameStart", "buy", 3, 0, 10);
        acknowledged("r1", "GameStart", "buy", 3, 0, 20);
        // the retry was taken for a new trade: a second number, and the catalog applied it twice
        rows.remove(1);
        requestIds.remove(1);
        history.set(1, new Operation(1, Kind.TRADE, "r1", "GameStart", "buy", 3, 1, 20, 30, 200, ""));
        rows.add(new LogRow(1, "GameStart", "buy", 3));
        requestIds.add("r1");

        assertThat(check()).extracting(Violation::what)
                .contains("request id r1 took two numbers, 0 and 1", "request id r1 is in the log twice",
                        "the catalog applied request id r1 twice");
    }

    @Test
    void aTradeTheCatalogAppliedWithoutAnOrderBreaksRuleThree() {
        acknowledged("r1", "GameStart", "buy", 3, 0, 10);
        faults.add(new FaultEvent(1, Fault.RESTART_FRONTEND, "frontend", 15, 40, ""));
        history.add(new Operation(1, Kind.TRADE, "r2", "BoarCo", "buy", 2, -1, 20, 30, 503, "no order replica"));
        catalog.merge("BoarCo", -2L, Long::sum);
        catalogTrades.add(new CatalogTrade(2, "r2", "BoarCo", "buy", 2, catalog.get("BoarCo")));

        assertThat(rules()).containsExactly(3, 4);
        assertThat(check()).first().satisfies(violation -> {
            assertThat(violation.what()).contains("has no order (request id r2)");
            assertThat(violation.evidence()).anyMatch(line -> line.contains("r2") && line.startsWith("op: "));
        });
    }

    @Test
    void anOrderNobodyAskedForBreaksRuleThree() {
        acknowledged("r1", "GameStart", "buy", 3, 0, 10);
        rows.add(new LogRow(1, "BoarCo", "sell", 4));
        requestIds.add("ghost");
        catalog.merge("BoarCo", 4L, Long::sum);
        catalogTrades.add(new CatalogTrade(2, "ghost", "BoarCo", "sell", 4, catalog.get("BoarCo")));

        assertThat(check()).extracting(Violation::what).containsExactly("order 1 was never asked for (request id ghost)");
    }

    @Test
    void aCatalogQuantityThatDoesNotAddUpBreaksRuleFour() {
        acknowledged("r1", "GameStart", "buy", 3, 0, 10);
        catalog.merge("GameStart", -1L, Long::sum);

        assertThat(rules()).containsExactly(4);
    }

    @Test
    void aStaleLookupAfterQuiescenceBreaksRuleFive() {
        acknowledged("r1", "GameStart", "buy", 3, 0, 10);
        lookups.put("GameStart", 100L);

        assertThat(rules()).containsExactly(5);
    }

    @Test
    void aLookupDuringTheRunMayMissOnlyTradesNotYetAcknowledgedWhenItStarted() {
        acknowledged("r1", "GameStart", "buy", 3, 0, 10); // 97 after it, acknowledged at 15
        acknowledged("r2", "GameStart", "buy", 2, 1, 30); // 95 after it, acknowledged at 35
        history.add(new Operation(2, Kind.LOOKUP, "", "GameStart", "", 100, -1, 5, 12, 200, ""));
        history.add(new Operation(2, Kind.LOOKUP, "", "GameStart", "", 97, -1, 20, 25, 200, ""));
        history.add(new Operation(2, Kind.LOOKUP, "", "GameStart", "", 97, -1, 32, 40, 200, ""));

        assertThat(check()).isEmpty();
    }

    @Test
    void aLookupThatMissesAnAcknowledgedTradeBreaksRuleFive() {
        acknowledged("r1", "GameStart", "buy", 3, 0, 10); // 97 after it, acknowledged at 15
        history.add(new Operation(2, Kind.LOOKUP, "", "GameStart", "", 100, -1, 20, 25, 200, ""));

        assertThat(check()).singleElement().satisfies(violation -> {
            assertThat(violation.rule()).isEqualTo(5);
            assertThat(violation.what()).contains("a lookup of GameStart answered 100", "stale read");
            assertThat(violation.evidence()).hasSize(3);
        });
    }

    @Test
    void anErrorDuringAReplicaCrashBreaksRuleSixButNotDuringACatalogRestart() {
        faults.add(new FaultEvent(1, Fault.KILL_LEADER, "order-3", 100, 200, ""));
        faults.add(new FaultEvent(2, Fault.RESTART_CATALOG, "catalog", 300, 400, ""));
        indeterminateAndLost("r1", "GameStart", "buy", 1, 150);
        indeterminateAndLost("r2", "GameStart", "buy", 1, 350);
        history.add(new Operation(1, Kind.LOOKUP, "", "GameStart", "", -1, -1, 360, 370, 503, "catalog down"));

        assertThat(check()).singleElement().satisfies(violation -> {
            assertThat(violation.rule()).isEqualTo(6);
            assertThat(violation.what()).contains("during kill-leader of order-3 (round 1)");
        });
    }

    @Test
    void aValidTradeRefusedForAnotherReasonThanStockBreaksRuleSix() {
        history.add(new Operation(1, Kind.TRADE, "r1", "GameStart", "buy", 1, -1, 10, 20, 409,
                "Idempotency-Key r1 was used for a different order"));

        assertThat(rules()).containsExactly(6);
    }

    @Test
    void aKeylessTradeWithoutAnAnswerMayBeInTheLogUnderTheIdTheFrontEndMadeOrNowhere() {
        acknowledged("r1", "GameStart", "buy", 3, 0, 10);
        faults.add(new FaultEvent(1, Fault.STALL_CATALOG_LONG, "catalog", 15, 100, ""));
        keylessUnanswered("GameStart", "sell", 2, 20); // logged under an id only the front end knew
        stored("made-by-the-front-end-1", "GameStart", "sell", 2);
        keylessUnanswered("BoarCo", "buy", 1, 30); // never logged
        history.add(new Operation(2, Kind.TRADE, "made-by-the-front-end-2", false, "BoarCo", "sell", 1, -1, 40, 50,
                504, "trade outcome unknown"));
        stored("made-by-the-front-end-2", "BoarCo", "sell", 1);
        // acknowledged: the answer names the id the front end made, and rule 1 finds it under its number
        history.add(new Operation(3, Kind.TRADE, "made-by-the-front-end-3", false, "BoarCo", "buy", 2, 3, 60, 70,
                200, ""));
        stored("made-by-the-front-end-3", "BoarCo", "buy", 2);

        assertThat(check()).isEmpty();
    }

    @Test
    void aKeylessTradeAccountsForOneLoggedOrderAtMost() {
        faults.add(new FaultEvent(1, Fault.STALL_CATALOG_LONG, "catalog", 5, 100, ""));
        keylessUnanswered("GameStart", "sell", 2, 20);
        stored("made-by-the-front-end-1", "GameStart", "sell", 2);
        stored("made-by-the-front-end-2", "GameStart", "sell", 2);

        assertThat(check()).extracting(Violation::what)
                .containsExactly("order 1 was never asked for (request id made-by-the-front-end-2)");
    }

    @Test
    void aLoggedKeylessTradeTheCatalogNeverAppliedBreaksRulesThreeAndFour() {
        faults.add(new FaultEvent(1, Fault.STALL_CATALOG_LONG, "catalog", 5, 100, ""));
        keylessUnanswered("GameStart", "sell", 2, 20);
        stored("made-by-the-front-end-1", "GameStart", "sell", 2);
        catalogTrades.removeLast();
        catalog.merge("GameStart", -2L, Long::sum);

        assertThat(rules()).containsExactly(3, 4);
        assertThat(check()).first().extracting(Violation::what)
                .isEqualTo("order 0 was never applied to the catalog (request id made-by-the-front-end-1)");
    }

    @Test
    void aKeylessTradeDoesNotAccountForAnOrderOfOtherContent() {
        faults.add(new FaultEvent(1, Fault.STALL_CATALOG_LONG, "catalog", 5, 100, ""));
        keylessUnanswered("GameStart", "sell", 2, 20);
        stored("made-by-the-front-end-1", "GameStart", "sell", 3);

        assertThat(check()).extracting(Violation::what)
                .containsExactly("order 0 was never asked for (request id made-by-the-front-end-1)");
    }

    @Test
    void aKeylessTradeWithoutAnAnswerDuringASingleReplicaFaultBreaksRuleSix() {
        faults.add(new FaultEvent(1, Fault.PAUSE_LEADER_LONG, "order-2", 5, 100, ""));
        keylessUnanswered("GameStart", "sell", 2, 20);

        assertThat(check()).singleElement().satisfies(violation -> {
            assertThat(violation.rule()).isEqualTo(6);
            assertThat(violation.what()).contains("during pause-leader-long of order-2 (round 1)");
        });
    }

    // ------------------------------------------------------------ building a run

    /** A trade sent once without a key that got no answer: nobody learnt its request id. */
    private void keylessUnanswered(String stock, String type, long quantity, long at) {
        history.add(new Operation(1, Kind.TRADE, "", false, stock, type, quantity, -1, at, at + 5, 0,
                "java.net.SocketTimeoutException: Read timed out"));
    }


    private void acknowledged(String requestId, String stock, String type, long quantity, long number, long at) {
        history.add(new Operation(1, Kind.TRADE, requestId, stock, type, quantity, number, at, at + 5, 200, ""));
        stored(requestId, stock, type, quantity);
    }

    private void indeterminateButLogged(String requestId, String stock, String type, long quantity, long at) {
        faults.add(new FaultEvent(faults.size() + 1, Fault.RESTART_FRONTEND, "frontend", at, at + 10, ""));
        history.add(new Operation(1, Kind.TRADE, requestId, stock, type, quantity, -1, at, at + 5, 0,
                "java.net.ConnectException"));
        stored(requestId, stock, type, quantity);
    }

    private void indeterminateAndLost(String requestId, String stock, String type, long quantity, long at) {
        if (faults.isEmpty()) {
            faults.add(new FaultEvent(1, Fault.RESTART_FRONTEND, "frontend", at, at + 10, ""));
        }
        history.add(new Operation(1, Kind.TRADE, requestId, stock, type, quantity, -1, at, at + 5, 0,
                "java.net.ConnectException"));
    }

    private void stored(String requestId, String stock, String type, long quantity) {
        rows.add(new LogRow(rows.size(), stock, type, quantity));
        requestIds.add(requestId);
        catalog.merge(stock, "buy".equals(type) ? -quantity : quantity, Long::sum);
        catalogTrades.add(new CatalogTrade(catalogTrades.size() + 1, requestId, stock, type, quantity,
                catalog.get(stock)));
    }

    private List<ReplicaLog> replicas() {
        StringBuilder text = new StringBuilder("transaction_number,name,type,quantity\n");
        rows.forEach(row -> text.append(row.line()).append('\n'));
        List<MetaRow> meta = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            meta.add(new MetaRow(rows.get(i).number(), 1, requestIds.get(i)));
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.US_ASCII);
        List<ReplicaLog> replicas = new ArrayList<>();
        for (int id = 1; id <= 3; id++) {
            replicas.add(new ReplicaLog(id, bytes, List.copyOf(rows), meta));
        }
        return replicas;
    }

    private StoredState state(List<ReplicaLog> replicas) {
        Map<String, Long> frontend = new LinkedHashMap<>(catalog);
        frontend.putAll(lookups);
        Map<Long, OrderAnswer> orders = new TreeMap<>();
        for (Operation op : history) {
            if (op.kind() == Kind.TRADE && op.ok() && op.number() < rows.size()) {
                LogRow row = rows.get((int) op.number());
                orders.put(op.number(), new OrderAnswer(200, row.name(), row.type(), row.quantity()));
            }
        }
        return new StoredState(replicas, catalogTrades, Map.of("GameStart", 100L, "BoarCo", 100L), catalog, frontend,
                orders);
    }

    private List<Violation> check() {
        return checker.check(history, faults, state(replicas()));
    }

    private List<Integer> rules() {
        return check().stream().map(Violation::rule).toList();
    }
}
