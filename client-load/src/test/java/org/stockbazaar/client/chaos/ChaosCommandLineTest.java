package org.stockbazaar.client.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stockbazaar.client.LoadClient;

/** The chaos subcommand's command line; the harness itself runs against real processes in ChaosIT. */
class ChaosCommandLineTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path folder;

    @Test
    void invalidSettingsAreRefusedWithTheReason() {
        assertThat(execute("chaos", "--max-down", "3")).isEqualTo(2);
        assertThat(err.toString()).contains("--max-down must be 1 or 2");
        assertThat(execute("chaos", "--kinds", "kill-two-replicas")).isEqualTo(2);
        assertThat(err.toString()).contains("kill-two-replicas needs --max-down 2");
        assertThat(execute("chaos", "--kinds", "kill-everything")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown fault 'kill-everything'");
        assertThat(execute("chaos", "--ports", "1,2,3")).isEqualTo(2);
        assertThat(err.toString()).contains("--ports takes five numbers");
        assertThat(execute("chaos", "--pause-leader-long", "5s")).isEqualTo(2);
        assertThat(err.toString()).contains("--pause-leader-long must be longer than the front end's order deadline");
        assertThat(execute("chaos", "--stall-catalog-long", "10s")).isEqualTo(2);
        assertThat(err.toString()).contains("--stall-catalog-long must be longer than the front end's order deadline");
        assertThat(execute("chaos", "--keyless", "1.5")).isEqualTo(2);
        assertThat(err.toString()).contains("--keyless must be between 0 and 1");
    }

    @Test
    void withoutBuiltJarsItSaysHowToBuildThemAndStartsNothing() {
        int exit = execute("chaos", "--root", folder.toString(), "--out", folder.resolve("results").toString());

        assertThat(exit).isEqualTo(3);
        assertThat(err.toString()).contains("catalog-service-0.1.0-SNAPSHOT.jar", "build the services first");
    }

    @Test
    void helpNamesEveryFault() {
        assertThat(execute("chaos", "--help")).isZero();
        assertThat(out.toString()).contains("kill-leader", "kill-follower", "kill-syncing", "pause-replica",
                "restart-catalog", "pause-catalog", "restart-frontend", "kill-two-replicas", "pause-leader-long",
                "stall-catalog-long", "wipe-replica", "--pause-leader-long", "--stall-catalog-long", "--keyless",
                "--seed");
    }

    private int execute(String... args) {
        return LoadClient.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(args);
    }
}
