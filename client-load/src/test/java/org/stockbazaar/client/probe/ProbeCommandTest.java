package org.stockbazaar.client.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.stockbazaar.client.LoadClient;
import org.stockbazaar.client.api.FakeFrontend;

/** The {@code probe} command against a front end in this JVM: what it prints, and what it refuses. */
class ProbeCommandTest {

    private final FakeFrontend frontend = new FakeFrontend();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @AfterEach
    void stop() {
        frontend.close();
    }

    @Test
    void roundsSendTheRequestsThroughBothClientsAndReportTheFirstAsColdAndTheLastAsWarm() {
        int exit = execute("--requests", "40", "--rounds", "3");

        assertThat(exit).as(err.toString()).isZero();
        assertThat(frontend.lookups).hasValue(3 * 2 * 40);
        assertThat(out.toString().lines()).hasSize(2).satisfiesExactly(
                line -> assertThat(line).startsWith("cold (round 1)").contains("added at p50"),
                line -> assertThat(line).startsWith("warm (round 3)").contains("added at p50"));
    }

    @Test
    void oneRoundIsReportedOnce() {
        int exit = execute("--requests", "40", "--rounds", "1");

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString().lines()).singleElement().asString().startsWith("one round");
    }

    @Test
    void countsBelowOneAndAPathThatIsNotALookupAreAnInvalidCommandLineAndSendNothing() {
        assertThat(execute("--rounds", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--rounds must be at least 1");
        assertThat(execute("--requests", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--requests must be at least 1");
        assertThat(execute("--path", "/orders/0")).isEqualTo(2);
        assertThat(err.toString()).contains("--path must be /stocks/NAME");
        assertThat(frontend.lookups).hasValue(0);
        assertThat(out.toString()).isEmpty();
    }

    private int execute(String... args) {
        String[] command = new String[args.length + 3];
        command[0] = "probe";
        command[1] = "--url";
        command[2] = frontend.url().toString();
        System.arraycopy(args, 0, command, 3, args.length);
        return LoadClient.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(command);
    }
}
