package org.stockbazaar.client.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stockbazaar.client.LoadClient;
import org.stockbazaar.client.api.FakeFrontend;
import org.stockbazaar.client.api.Order;
import org.stockbazaar.client.results.CacheSample;
import org.stockbazaar.client.results.ResultsFolder;
import org.stockbazaar.client.results.RunInfo;
import org.stockbazaar.client.results.SessionRow;
import org.stockbazaar.client.results.SummaryRow;

/** The {@code run} command end to end against a front end in this JVM. */
class RunCommandTest {

    @TempDir
    Path tmp;

    private final FakeFrontend frontend = new FakeFrontend();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @AfterEach
    void stop() {
        frontend.close();
    }

    @Test
    void aRunWritesEveryRawResultAndSucceedsWhenEveryOrderComesBack() throws Exception {
        Path results = tmp.resolve("results");
        Path token = Files.writeString(tmp.resolve("token"), "secret\n");

        int exit = execute("run", "--url", frontend.url().toString(), "--clients", "2", "--iterations", "20",
                "-p", "0,0.5", "--warmup", "5", "--label", "cache-on", "--internal-token-file", token.toString(),
                "--out", results.toString());

        assertThat(exit).as(err.toString()).isZero();
        ResultsFolder folder = new ResultsFolder(results);
        ResultsFolder.RunData run = folder.read();
        assertThat(run.info().label()).isEqualTo("cache-on");
        assertThat(run.info().model()).isEqualTo("closed");
        assertThat(run.info().command()).startsWith("run --url");
        assertThat(run.summary()).extracting(SummaryRow::p, SummaryRow::type).containsExactly(
                tuple(0.0, "lookup"), tuple(0.0, "trade"), tuple(0.0, "query"),
                tuple(0.0, "lookup-hit"), tuple(0.0, "lookup-miss"),
                tuple(0.5, "lookup"), tuple(0.5, "trade"), tuple(0.5, "query"),
                tuple(0.5, "lookup-hit"), tuple(0.5, "lookup-miss"));
        assertThat(run.summary().get(0).count()).isEqualTo(40);
        assertThat(run.sessions()).hasSize(2 + 4).allMatch(SessionRow::passed);
        assertThat(run.sessions()).filteredOn(SessionRow::warmup).hasSize(2);
        assertThat(run.sessions().stream().mapToInt(SessionRow::orders).sum()).isEqualTo(frontend.orders.size());
        assertThat(run.timeline()).isNotEmpty();
        assertThat(run.cache()).isNotEmpty().allMatch(CacheSample::enabled);
        for (String file : List.of("hgrm/p0-lookup.hgrm", "hgrm/p0.5-trade.hgrm", "hgrm/p0.5-query.hgrm",
                ResultsFolder.ERRORS, ResultsFolder.PROBLEMS)) {
            assertThat(folder.file(file)).exists();
        }
        assertThat(Files.readString(folder.file("hgrm/p0-lookup.hgrm"))).contains("#[Mean").contains("Value");
        assertThat(out.toString()).contains("lookup", "trade", "query", "every one returned by GET /orders/{n}");
    }

    @Test
    void aRunFailsWhenTheFrontEndReturnsAnOrderDifferentFromItsAcknowledgement() {
        frontend.orderAnswer = order -> new Order(order.number(), order.name(), order.type(), 999);

        int exit = execute("run", "--url", frontend.url().toString(), "-c", "1", "-n", "20", "-p", "1",
                "--warmup", "0", "--out", tmp.resolve("bad").toString());

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString()).contains("VERIFICATION FAILED");
        ResultsFolder.RunData run = new ResultsFolder(tmp.resolve("bad")).read();
        assertThat(run.sessions()).singleElement().satisfies(session -> {
            assertThat(session.mismatched()).isEqualTo(session.orders()).isPositive();
            assertThat(session.firstProblem()).contains("\"quantity\":999");
        });
    }

    @Test
    void theOpenModelIsRecordedWithItsRate() {
        int exit = execute("run", "--url", frontend.url().toString(), "-c", "2", "-n", "10", "-p", "0.5",
                "--warmup", "0", "--rate", "400", "--out", tmp.resolve("open").toString());

        assertThat(exit).isZero();
        RunInfo info = new ResultsFolder(tmp.resolve("open")).read().info();
        assertThat(info.open()).isTrue();
        assertThat(info.rate()).isEqualTo(400.0);
        assertThat(info.modelDescription()).contains("latency counts from the moment each was due");
    }

    @Test
    void sessionsRunBackToBackForTheDuration() {
        int exit = execute("run", "--url", frontend.url().toString(), "-c", "1", "-n", "2", "-p", "0",
                "--warmup", "0", "--duration", "300ms", "--out", tmp.resolve("timed").toString());

        assertThat(exit).isZero();
        assertThat(new ResultsFolder(tmp.resolve("timed")).read().sessions()).hasSizeGreaterThan(1);
    }

    @Test
    void aFrontEndThatAnswersNothingFailsTheRun() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        int exit = execute("run", "--url", "http://127.0.0.1:" + closedPort, "-c", "1", "-n", "3",
                "--warmup", "0", "-p", "0", "--out", tmp.resolve("nothing").toString());

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString()).contains("answered no lookup");
        assertThat(new ResultsFolder(tmp.resolve("nothing")).read().errors()).singleElement()
                .satisfies(error -> assertThat(error.status()).isZero());
    }

    @Test
    void anExistingRunIsNeverOverwritten() {
        Path results = tmp.resolve("kept");
        assertThat(execute("run", "--url", frontend.url().toString(), "-c", "1", "-n", "1", "-p", "0",
                "--warmup", "0", "--out", results.toString())).isZero();

        int again = execute("run", "--url", frontend.url().toString(), "--out", results.toString());

        assertThat(again).isEqualTo(2);
        assertThat(err.toString()).contains("already holds a run");
    }

    @Test
    void sessionsAreSpreadRoundRobinOverEveryFrontEndAndEachQueriesItsOrdersWhereItPlacedThem() {
        // numbered apart, as one stack's leader numbers orders; each answers only for the orders it took
        try (FakeFrontend second = new FakeFrontend(1_000_000); FakeFrontend third = new FakeFrontend(2_000_000)) {
            String first = frontend.url().toString();
            Path results = tmp.resolve("spread");

            // two clients, two steps: four sessions, the i-th to front end i mod 3
            int exit = execute("run", "--url", first + "," + second.url(), "--url", third.url().toString(),
                    "-c", "2", "-n", "10", "-p", "0.5,1", "--warmup", "0", "--out", results.toString());

            assertThat(exit).as(err.toString()).isZero();
            ResultsFolder.RunData run = new ResultsFolder(results).read();
            assertThat(run.sessions()).hasSize(4).allMatch(SessionRow::passed);
            assertThat(run.sessions().stream().collect(Collectors.groupingBy(SessionRow::url,
                    Collectors.counting()))).containsOnly(Map.entry(first, 2L),
                    Map.entry(second.url().toString(), 1L), Map.entry(third.url().toString(), 1L));
            for (FakeFrontend each : List.of(frontend, second, third)) {
                List<SessionRow> itsSessions = run.sessions().stream()
                        .filter(session -> session.url().equals(each.url().toString())).toList();
                assertThat(each.lookups.get()).as(each.url().toString()).isEqualTo(10 * itsSessions.size());
                assertThat(each.orders).as(each.url().toString()).isNotEmpty()
                        .hasSize(itsSessions.stream().mapToInt(SessionRow::verified).sum());
            }
            assertThat(run.info().url()).isEqualTo(first + "," + second.url() + "," + third.url());
        }
    }

    @Test
    void aFrontEndUrlThatIsNotHttpIsRefusedNamingIt() {
        String good = frontend.url().toString();

        assertThat(execute("run", "--url", good + ",ftp://127.0.0.1:8191")).isEqualTo(2);
        assertThat(err.toString()).contains("'ftp://127.0.0.1:8191' is not an http URL such as "
                + "http://127.0.0.1:8091");
        assertThat(execute("run", "--url", good, "--url", "127.0.0.1:8191")).isEqualTo(2);
        assertThat(err.toString()).contains("'127.0.0.1:8191' is not an http URL");
        assertThat(execute("run", "--url", good + "," + good)).isEqualTo(2);
        assertThat(err.toString()).contains("a front end is given twice in --url").doesNotContain("Exception");
        assertThat(frontend.lookups.get()).isZero();
    }

    @Test
    void invalidSettingsAreRefusedWithTheReason() {
        assertThat(execute("run", "-p", "0,1.5")).isEqualTo(2);
        assertThat(err.toString()).contains("every p must be from 0 to 1");
        assertThat(execute("run", "--duration", "soon")).isEqualTo(2);
        assertThat(err.toString()).contains("'soon' is not a duration");
        assertThat(execute()).isEqualTo(2);
        assertThat(err.toString()).contains("Missing subcommand");
    }

    @Test
    void helpDescribesTheSessionTheModelsAndTheDefaults() {
        assertThat(execute("run", "--help")).isZero();

        assertThat(out.toString()).contains("A session (the original lab's)", "--rate", "wrk2", "round-robin",
                "Default: 0,0.2,0.4,0.6,0.8", "Default: 5", "--seed", "--warmup", "--out");
        out.getBuffer().setLength(0);
        assertThat(execute("--help")).isZero();
        assertThat(out.toString()).contains("run", "report", "verify", "Exit codes");
    }

    private int execute(String... args) {
        return LoadClient.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(args);
    }
}
