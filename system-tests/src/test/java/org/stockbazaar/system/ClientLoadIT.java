package org.stockbazaar.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stockbazaar.client.LoadClient;

/**
 * The load client (client-load) against the real stack, in this JVM: a short sweep with every order verified, then
 * the report rendered from its raw results.
 */
class ClientLoadIT {

    private final Stack stack = Stack.get();

    @Test
    void aShortRunVerifiesEveryOrderAndLeavesRawResultsAndAReport() throws IOException {
        Path out = stack.runDir.resolve("client-load-" + System.nanoTime());
        Files.createDirectories(out);
        Path token = Files.writeString(out.resolve("internal-token"), stack.token);
        Path results = out.resolve("results");

        int run = LoadClient.execute("run", "--url", stack.frontend.url().toString(), "--clients", "3",
                "--iterations", "15", "--p", "0,0.5", "--warmup", "5", "--label", "it",
                "--internal-token-file", token.toString(), "--out", results.toString());

        assertThat(run).as("exit code of client-load run (0: every order came back as acknowledged)").isZero();
        for (String file : List.of("run.json", "summary.csv", "timeline.csv", "errors.csv", "verification.csv",
                "cache.csv", "hgrm/p0-lookup.hgrm", "hgrm/p0.5-trade.hgrm", "hgrm/p0.5-query.hgrm")) {
            assertThat(results.resolve(file)).as(file).isNotEmptyFile();
        }
        List<String> sessions = Files.readAllLines(results.resolve("verification.csv"));
        // header, then one line per session: 3 warm-up sessions and 3 at each of the two p values
        assertThat(sessions).hasSize(1 + 3 + 6);
        assertThat(Files.readString(results.resolve("summary.csv"))).containsPattern("(?m)^0\\.5,trade,[1-9]");

        int report = LoadClient.execute("report", results.toString());

        assertThat(report).isZero();
        assertThat(results.resolve("report.md")).content().contains("| every acknowledged order returned as "
                + "acknowledged (`GET /orders/{n}`) | PASS |");
        assertThat(results.resolve("latency-trade.png")).isNotEmptyFile();
    }
}
