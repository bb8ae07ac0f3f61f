package org.stockbazaar.client.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.stockbazaar.client.api.BazaarConnection;
import org.stockbazaar.client.api.BazaarConnection.Reply;
import org.stockbazaar.client.chaos.StoredState.CatalogTrade;
import org.stockbazaar.client.chaos.StoredState.LogRow;
import org.stockbazaar.client.chaos.StoredState.MetaRow;
import org.stockbazaar.client.chaos.StoredState.OrderAnswer;
import org.stockbazaar.client.chaos.StoredState.ReplicaLog;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads what the stack stored, from the files in the run folder and over HTTP, once it is quiet. */
final class StateReader {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ChaosStack stack;
    private final BazaarConnection catalog;
    private final BazaarConnection frontend;

    StateReader(ChaosStack stack) {
        this.stack = stack;
        this.catalog = new BazaarConnection(stack.catalog.url(), Duration.ofSeconds(10), ChaosStack.CONNECT_TIMEOUT);
        this.frontend = new BazaarConnection(stack.frontend.url(), Duration.ofSeconds(15), ChaosStack.CONNECT_TIMEOUT);
    }

    /** Every stock's quantity as the catalog holds it ({@code GET /internal/stocks}). */
    Map<String, Long> catalogQuantities() throws InterruptedException {
        Reply answer = catalog.internal("/internal/stocks", stack.token);
        if (!answer.ok()) {
            throw new IllegalStateException("the catalog's stock list: " + answer.status() + " " + answer.problem());
        }
        Map<String, Long> quantities = new TreeMap<>();
        for (JsonNode stock : answer.data()) {
            quantities.put(stock.path("name").asString(), stock.path("quantity").asLong());
        }
        return quantities;
    }

    /**
     * Waits until the three order logs are byte-identical (followers may still be writing the last batch the
     * leader acknowledged), or {@code within} has passed; true if they are.
     */
    boolean awaitIdenticalLogs(Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            byte[] first = bytes(logFile(1));
            if (Arrays.equals(first, bytes(logFile(2))) && Arrays.equals(first, bytes(logFile(3)))) {
                return true;
            }
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(200);
        }
    }

    StoredState read(Map<String, Long> initial, Collection<String> hotStocks, Collection<Long> acknowledged)
            throws InterruptedException {
        List<ReplicaLog> replicas = new ArrayList<>();
        for (int id = 1; id <= 3; id++) {
            replicas.add(replicaLog(id));
        }
        Map<String, Long> quantities = catalogQuantities();
        // the hot stocks first: they are the ones a stale cache entry would show
        Map<String, Long> lookups = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(hotStocks);
        quantities.keySet().stream().filter(name -> !names.contains(name)).forEach(names::add);
        for (String name : names) {
            Reply answer = frontend.lookup(name);
            lookups.put(name, answer.ok() ? answer.data().path("quantity").asLong() : null);
        }
        Map<Long, OrderAnswer> orders = new TreeMap<>();
        for (long number : acknowledged) {
            Reply answer = frontend.order(number);
            orders.put(number, new OrderAnswer(answer.status(), answer.data().path("name").asString(""),
                    answer.data().path("type").asString(""), answer.data().path("quantity").asLong(-1)));
        }
        return new StoredState(replicas, catalogJournal(), initial, quantities, lookups, orders);
    }

    private ReplicaLog replicaLog(int id) {
        byte[] bytes = bytes(logFile(id));
        List<LogRow> rows = new ArrayList<>();
        for (String[] cells : rows(bytes, 4)) {
            rows.add(new LogRow(Long.parseLong(cells[0]), cells[1], cells[2], Long.parseLong(cells[3])));
        }
        List<MetaRow> meta = new ArrayList<>();
        // the journal: transaction_number,epoch,request_id,name,type,quantity,crc32c
        for (String[] cells : rows(bytes(stack.replicaDir(id).resolve("order_journal_" + id + ".csv")), 7)) {
            meta.add(new MetaRow(Long.parseLong(cells[0]), Long.parseLong(cells[1]), cells[2]));
        }
        return new ReplicaLog(id, bytes, rows, meta);
    }

    /** The rows after the header; a row that does not parse ends the list (the checker then sees a short log). */
    private static List<String[]> rows(byte[] bytes, int columns) {
        List<String[]> rows = new ArrayList<>();
        String[] lines = new String(bytes, StandardCharsets.US_ASCII).split("\n");
        for (int i = 1; i < lines.length; i++) {
            String[] cells = lines[i].split(",", -1);
            if (cells.length != columns || !cells[0].matches("\\d+")) {
                break;
            }
            rows.add(cells);
        }
        return rows;
    }

    /** The catalog's journal lines, {@code <crc32c> <json>} (the harness turns snapshots off, so none is missing). */
    private List<CatalogTrade> catalogJournal() {
        Path journal = stack.catalogDir().resolve("catalog-journal.log");
        List<CatalogTrade> trades = new ArrayList<>();
        for (String line : new String(bytes(journal), StandardCharsets.UTF_8).split("\n")) {
            int space = line.indexOf(' ');
            if (space < 0) {
                continue;
            }
            JsonNode entry = JSON.readTree(line.substring(space + 1));
            // journals written before the field was called quantity name it units
            long quantity = (entry.has("quantity") ? entry.path("quantity") : entry.path("units")).asLong();
            trades.add(new CatalogTrade(entry.path("seq").asLong(), entry.path("requestId").asString(""),
                    entry.path("name").asString(""), entry.path("type").asString(""), quantity,
                    entry.path("quantityAfter").asLong()));
        }
        return trades;
    }

    private Path logFile(int id) {
        return stack.replicaDir(id).resolve("order_log_" + id + ".csv");
    }

    private static byte[] bytes(Path file) {
        try {
            return Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
