package org.stockbazaar.client.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stockbazaar.client.LoadClient;
import org.stockbazaar.client.api.FakeFrontend;
import org.stockbazaar.client.api.Stocks;
import org.stockbazaar.client.results.ResultsFolder;
import org.stockbazaar.client.results.StackCheck;

class StackAuditTest {

    private static final String LOG = """
            transaction_number,name,type,quantity
            0,AAPL,buy,3
            1,NFLX,sell,2
            2,AAPL,sell,1
            """;

    @TempDir
    Path data;

    /** Serves the catalog's {@code GET /stocks/{name}}. */
    private final FakeFrontend catalog = new FakeFrontend();

    @AfterEach
    void stop() {
        catalog.close();
    }

    @Test
    void identicalLogsAndMatchingQuantitiesPass() throws Exception {
        writeLogs(LOG, LOG, LOG);
        catalog.quantities.put("AAPL", 98L);
        catalog.quantities.put("NFLX", 102L);

        StackCheck check = audit().check();

        assertThat(check.logsIdentical()).isTrue();
        assertThat(check.logs()).extracting(StackCheck.ReplicaLog::replica).containsExactly(1, 2, 3);
        assertThat(check.logs()).allSatisfy(log -> {
            assertThat(log.orders()).isEqualTo(3);
            assertThat(log.sha256()).hasSize(64).isEqualTo(check.logs().get(0).sha256());
        });
        assertThat(check.catalogConsistent()).isTrue();
        assertThat(check.stocks()).hasSize(Stocks.NAMES.size()).filteredOn(s -> s.name().equals("AAPL"))
                .singleElement().satisfies(aapl -> {
                    assertThat(aapl.bought()).isEqualTo(3);
                    assertThat(aapl.sold()).isEqualTo(1);
                    assertThat(aapl.expected()).isEqualTo(98);
                });
    }

    @Test
    void aReplicaLogThatDiffersByOneByteFails() throws Exception {
        writeLogs(LOG, LOG, LOG.replace("NFLX,sell,2", "NFLX,sell,3"));

        StackCheck check = audit().check();

        assertThat(check.logsIdentical()).isFalse();
        assertThat(check.logs().get(2).sha256()).isNotEqualTo(check.logs().get(0).sha256());
    }

    @Test
    void aCatalogQuantityTheLogDoesNotExplainFails() throws Exception {
        writeLogs(LOG, LOG, LOG);
        catalog.quantities.put("AAPL", 98L);
        catalog.quantities.put("NFLX", 101L);

        StackCheck check = audit().check();

        assertThat(check.catalogConsistent()).isFalse();
        assertThat(check.stocks()).filteredOn(stock -> !stock.consistent()).singleElement()
                .satisfies(nflx -> {
                    assertThat(nflx.name()).isEqualTo("NFLX");
                    assertThat(nflx.expected()).isEqualTo(102);
                    assertThat(nflx.catalog()).isEqualTo(101);
                });
    }

    @Test
    void noLogsAtAllFails() throws Exception {
        StackCheck check = audit().check();

        assertThat(check.passed()).isFalse();
        assertThat(check.problem()).contains("no order_log_<id>.csv");
    }

    @Test
    void verifyWritesItsFindingsForTheReportAndFailsOnADifference() throws Exception {
        writeLogs(LOG, LOG, LOG);
        Path results = data.resolve("results");
        StringWriter out = new StringWriter();

        int exit = LoadClient.commandLine().setOut(new PrintWriter(out, true)).execute("verify",
                "--data-dir", data.toString(), "--catalog-url", catalog.url().toString(), "--settle", "0s",
                "--out", results.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString()).contains("Replica logs byte-identical: yes",
                "AAPL: 100 - 3 bought + 1 sold = 98 expected, catalog has 100", "Catalog consistent with the order log: NO");
        assertThat(new ResultsFolder(results).readJson(ResultsFolder.STACK_CHECK, StackCheck.class)).get()
                .satisfies(check -> assertThat(check.logsIdentical()).isTrue());
    }

    private StackAudit audit() {
        return new StackAudit(data, catalog.url(), 100);
    }

    private void writeLogs(String... logs) throws Exception {
        for (int id = 1; id <= logs.length; id++) {
            Path folder = Files.createDirectories(data.resolve("order-" + id));
            Files.writeString(folder.resolve("order_log_" + id + ".csv"), logs[id - 1]);
            Files.writeString(folder.resolve("order_journal_" + id + ".csv"),
                    "transaction_number,epoch,request_id,name,type,quantity\n");
        }
    }
}
