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
 * The chaos harness (client-load chaos) for about a minute: its own stack of real processes, concurrent clients, a
 * fault every few seconds chosen from a fixed seed, and the checker's verdict on the history. The long runs and
 * their results are in docs/reliability.md.
 */
class ChaosIT {

    private static final long SEED = 20261126L;

    @Test
    void aMinuteOfRandomCrashesAndPausesBreaksNoPromise() throws IOException {
        Path out = Path.of(System.getProperty("bazaar.workdir", "target/system-runs"))
                .resolve("chaos-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Files.createDirectories(out.getParent());

        int exit = LoadClient.execute("chaos", "--root", System.getProperty("bazaar.jars", ".."),
                "--jar-version", System.getProperty("bazaar.version", "0.1.0-SNAPSHOT"),
                "--duration", "50s", "--faults", "12", "--seed", String.valueOf(SEED), "--out", out.toString());

        String summary = Files.readString(out.resolve("summary.txt"));
        assertThat(exit).as("exit code of client-load chaos; its summary:%n%s", summary).isZero();
        assertThat(summary).contains("violations: 0", "RESULT: PASS").containsPattern("faults: ([4-9]|1\\d)");
        List<String> faults = Files.readAllLines(out.resolve("faults.csv"));
        assertThat(faults).as("one line per fault after the header").hasSizeGreaterThan(4);
        assertThat(Files.readAllLines(out.resolve("history.csv"))).as("the history").hasSizeGreaterThan(100);
    }
}
