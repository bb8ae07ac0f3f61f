package org.stockbazaar.client.verify;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.stockbazaar.client.cli.DurationConverter;
import org.stockbazaar.client.cli.ExitCodes;
import org.stockbazaar.client.results.ResultsFolder;
import org.stockbazaar.client.results.StackCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "verify", sortOptions = false, mixinStandardHelpOptions = true,
        header = "Check what the stack stored: replica logs identical, catalog balanced.",
        description = {
            "Checks what the stack stored after a run: every replica's order log has the same bytes (SHA-256 of "
                    + "each), and every stock's catalog quantity is its initial quantity minus the units bought "
                    + "plus the units sold in the order log. Exit code 1 if either does not hold.",
            "",
            "Needs a stack whose data started empty (a fresh BAZAAR_RUN_DIR/data), as scripts/evaluate.sh makes."},
        footer = {"", "Example:",
            "  client-load verify --data-dir run/evaluation/data \\",
            "      --catalog-url http://127.0.0.1:19092 --out results/crash"})
public final class VerifyCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--data-dir", required = true, paramLabel = "DIR",
            description = "The run folder's data folder, holding order-<id>/order_log_<id>.csv (BAZAAR_RUN_DIR/data).")
    private Path dataDir;

    @Option(names = "--catalog-url", defaultValue = "http://127.0.0.1:8092", paramLabel = "URL",
            description = "The catalog, asked for each stock's quantity. Default: ${DEFAULT-VALUE}.")
    private URI catalogUrl;

    @Option(names = "--initial-quantity", defaultValue = "100", paramLabel = "N",
            description = "Every stock's quantity before the first trade. Default: ${DEFAULT-VALUE}.")
    private long initialQuantity;

    @Option(names = "--settle", defaultValue = "15s", converter = DurationConverter.class, paramLabel = "TIME",
            description = "How long to keep checking until both hold: a follower may still be writing the last "
                    + "orders the leader acknowledged, or be syncing up after a restart. Default: ${DEFAULT-VALUE}.")
    private Duration settle;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR",
            description = "A results folder to write " + ResultsFolder.STACK_CHECK + " into, for the report.")
    private Path out;

    @Override
    public Integer call() throws InterruptedException {
        StackCheck check = new StackAudit(dataDir, catalogUrl, initialQuantity).settle(settle);
        PrintWriter print = spec.commandLine().getOut();
        check.logs().forEach(log -> print.printf("replica %d  %-28s %,9d orders %,11d bytes  sha256 %s%n",
                log.replica(), log.file(), log.orders(), log.bytes(), log.sha256()));
        print.println("Replica logs byte-identical: " + (check.logsIdentical() ? "yes" : "NO"));
        check.stocks().stream().filter(stock -> !stock.consistent()).forEach(stock -> print.printf(
                "  %s: %d - %d bought + %d sold = %d expected, catalog has %d%n", stock.name(), stock.initial(),
                stock.bought(), stock.sold(), stock.expected(), stock.catalog()));
        print.println("Catalog consistent with the order log: " + (check.catalogConsistent() ? "yes" : "NO")
                + " (" + check.stocks().size() + " stocks)");
        if (check.problem() != null && !check.problem().isBlank()) {
            print.println(check.problem());
        }
        if (out != null) {
            new ResultsFolder(out).writeJson(ResultsFolder.STACK_CHECK, check);
        }
        return check.passed() ? 0 : ExitCodes.CHECK_FAILED;
    }
}
