package org.stockbazaar.client.verify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.stockbazaar.client.api.BazaarConnection;
import org.stockbazaar.client.api.BazaarConnection.Reply;
import org.stockbazaar.client.api.Stocks;
import org.stockbazaar.client.results.ResultsFolder;
import org.stockbazaar.client.results.StackCheck;
import org.stockbazaar.client.results.StackCheck.ReplicaLog;
import org.stockbazaar.client.results.StackCheck.StockBalance;
import tools.jackson.core.JacksonException;

/**
 * Reads what the stack stored: every replica's order log (checksum, orders) from the run folder, and every stock's
 * quantity from the catalog, and checks the two invariants a run must leave behind: the replica logs are
 * byte-identical, and each catalog quantity is the initial quantity minus the units bought plus the units sold.
 */
final class StackAudit {

    private static final Pattern LOG_FILE = Pattern.compile("order_log_(\\d+)\\.csv");

    private final Path dataDir;
    private final BazaarConnection catalog;
    private final long initialQuantity;

    StackAudit(Path dataDir, URI catalogUrl, long initialQuantity) {
        this.dataDir = dataDir;
        this.catalog = new BazaarConnection(catalogUrl, Duration.ofSeconds(5));
        this.initialQuantity = initialQuantity;
    }

    /**
     * Checks again until both invariants hold or {@code within} has passed: followers may still be writing the
     * last batch the leader already acknowledged when the client finishes.
     */
    StackCheck settle(Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        StackCheck check = check();
        while (!check.passed() && System.nanoTime() - deadline < 0) {
            Thread.sleep(250);
            check = check();
        }
        return check;
    }

    StackCheck check() throws InterruptedException {
        List<Path> files = logFiles();
        if (files.isEmpty()) {
            return new StackCheck(System.currentTimeMillis(), List.of(), false, List.of(), false,
                    "no order_log_<id>.csv under " + dataDir);
        }
        List<ReplicaLog> logs = new ArrayList<>();
        List<LogRow> longest = List.of();
        String problem = "";
        for (Path file : files) {
            byte[] bytes = read(file);
            List<LogRow> rows;
            try {
                rows = ResultsFolder.readCsvFile(file, LogRow.class);
            } catch (JacksonException e) {
                // a replica may be appending right now: the row it is writing is incomplete
                rows = List.of();
                problem = file + " could not be read: " + e.getOriginalMessage();
            }
            logs.add(new ReplicaLog(replicaId(file), dataDir.relativize(file).toString(), sha256(bytes),
                    rows.size(), bytes.length));
            if (rows.size() > longest.size()) {
                longest = rows;
            }
        }
        boolean identical = logs.size() > 1 && logs.stream().map(ReplicaLog::sha256).distinct().count() == 1;
        List<StockBalance> stocks = balances(longest);
        boolean consistent = stocks.stream().allMatch(StockBalance::consistent);
        return new StackCheck(System.currentTimeMillis(), logs, identical, stocks, consistent, problem);
    }

    /** The catalog against the most complete log (all logs are the same when the check passes). */
    private List<StockBalance> balances(List<LogRow> log) throws InterruptedException {
        Set<String> names = new LinkedHashSet<>(Stocks.NAMES);
        log.forEach(row -> names.add(row.name()));
        Map<String, long[]> boughtAndSold = new TreeMap<>();
        for (LogRow row : log) {
            long[] totals = boughtAndSold.computeIfAbsent(row.name(), name -> new long[2]);
            totals["buy".equals(row.type()) ? 0 : 1] += row.quantity();
        }
        List<StockBalance> balances = new ArrayList<>();
        for (String name : names) {
            long[] totals = boughtAndSold.getOrDefault(name, new long[2]);
            Reply reply = catalog.lookup(name);
            long quantity = reply.status() == 200 ? reply.data().path("quantity").longValue(-1) : -1;
            balances.add(new StockBalance(name, initialQuantity, totals[0], totals[1],
                    initialQuantity - totals[0] + totals[1], quantity));
        }
        return balances;
    }

    private List<Path> logFiles() {
        if (!Files.isDirectory(dataDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dataDir, 2)) {
            return files.filter(file -> LOG_FILE.matcher(file.getFileName().toString()).matches())
                    .sorted(Comparator.comparingInt(StackAudit::replicaId)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int replicaId(Path file) {
        Matcher matcher = LOG_FILE.matcher(file.getFileName().toString());
        return matcher.matches() ? Integer.parseInt(matcher.group(1)) : -1;
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** A row of {@code order_log_<id>.csv}: {@code transaction_number,name,type,quantity}. */
    record LogRow(long transactionNumber, String name, String type, long quantity) {
    }
}
