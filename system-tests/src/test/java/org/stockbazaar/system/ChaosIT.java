package org.stockbazaar.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stockbazaar.client.LoadClient;

/**
 * The chaos harness (client-load chaos) for about a minute: its own stack of real processes, concurrent clients,
 * seven faults one after the other, and the checker's verdict on the history. The seed is fixed, so every run
 * injects the same seven faults, one of each kind; the long runs and their results are in docs/reliability.md.
 */
class ChaosIT {

    /** A seed whose first seven faults are one of each kind, in this order. */
    private static final long SEED = 607L;
    private static final List<String> EVERY_KIND = List.of("restart-frontend", "kill-leader", "pause-replica",
            "kill-syncing", "restart-catalog", "pause-catalog", "kill-follower");

    @Test
    void oneFaultOfEachKindBreaksNoPromise() throws IOException {
        Path out = Path.of(System.getProperty("bazaar.workdir", "target/system-runs"))
                .resolve("chaos-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Files.createDirectories(out.getParent());

        int exit = LoadClient.execute("chaos", "--root", System.getProperty("bazaar.jars", ".."),
                "--jar-version", System.getProperty("bazaar.version", "0.1.0-SNAPSHOT"),
                "--duration", "0", "--faults", "7", "--seed", String.valueOf(SEED), "--out", out.toString());

        String summary = Files.readString(out.resolve("summary.txt"));
        assertThat(exit).as("exit code of client-load chaos; its summary:%n%s", summary).isZero();
        assertThat(summary).contains("faults: 7", "violations: 0", "RESULT: PASS");
        List<String> faults = Files.readAllLines(out.resolve("faults.csv"));
        assertThat(faults.subList(1, faults.size())).extracting(line -> line.split(",")[1])
                .as("the faults, in order").containsExactlyElementsOf(EVERY_KIND);
        assertThat(Files.readAllLines(out.resolve("history.csv"))).as("the history").hasSizeGreaterThan(100);
    }
}
