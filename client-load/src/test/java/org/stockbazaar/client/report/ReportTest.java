package org.stockbazaar.client.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stockbazaar.client.LoadClient;

/** {@code report} on fixed raw results (src/test/resources/raw): the charts are drawn, the tables hold their numbers. */
class ReportTest {

    @TempDir
    Path out;

    private final StringWriter err = new StringWriter();

    @Test
    void everyChartIsAPngWithSomethingDrawnOnIt() throws Exception {
        assertThat(report("cache-on", "cache-off", "crash")).as(err.toString()).isZero();

        for (String png : List.of("latency-lookup.png", "latency-trade.png", "latency-query.png",
                "timeline-cache-on.png", "timeline-crash.png", "cache-cache-on.png")) {
            Path file = out.resolve(png);
            assertThat(file).exists().isNotEmptyFile();
            BufferedImage image = ImageIO.read(file.toFile());
            assertThat(image.getWidth()).as(png).isEqualTo(960);
            assertThat(colours(image)).as(png + ": more than a blank canvas").isGreaterThan(10);
        }
        // cache off: no samples, so no cache chart
        assertThat(out.resolve("cache-cache-off.png")).doesNotExist();
    }

    @Test
    void theTablesHoldTheRawNumbers() throws Exception {
        report("cache-on", "cache-off", "crash");
        String md = Files.readString(out.resolve(Report.FILE));

        // p, request, count, ok, refused, failed, mean, p50, p90, p99, p99.9, max, answers/s, cache hit rate
        assertThat(md).contains("| 0 | lookup | 500 | 500 | 0 | 0 | 1.23 | 1.10 | 2.00 | 3.50 | 4.75 | 5.50 | 50.0 | 60% |");
        assertThat(md).contains("| 0.8 | lookup | 500 | 500 | 0 | 0 | 1.50 | 1.40 | 2.20 | 4.00 | 6.00 | 7.25 | 50.0 | 33% |");
        assertThat(md).contains("| 0.8 | trade | 400 | 390 | 10 | 0 | 8.50 | 8.00 | 12.0 | 20.0 | 30.0 | 42.0 | 40.0 | |");
        assertThat(md).contains("| 0.8 | trade | 240 | 237 | 0 | 3 | 120 | 9.00 | 15.0 | 1500 | 2100 | 2100 | 40.0 |");
        // cache on against cache off, mean latency side by side
        assertThat(md).contains("| request | p | cache-on | cache-off |", "| lookup | 0 | 1.23 | 2.50 |",
                "| trade | 0.8 | 8.50 | 8.75 |", "| trade | 0 | – | – |");
        assertThat(md).contains("![lookup latency against p](latency-lookup.png)",
                "![crash latency over time](timeline-crash.png)", "![cache-on cache over time](cache-cache-on.png)");
        // the crash run's events, in seconds since its start, and its errors
        assertThat(md).contains("| 2.5 | killed replica 3 (leader) |", "| 4.2 | replica 3 ready again |");
        assertThat(md).contains("| 0.8 | trade | 503 | failed | 3 | 503 order service unavailable |");
        assertThat(md).contains("| 0.8 | trade | 409 | refused | 10 | 409 not enough stock |");
    }

    @Test
    void theVerdictsComeFromTheVerificationAndTheStackCheck() throws Exception {
        report("cache-on", "cache-off", "crash");
        String md = Files.readString(out.resolve(Report.FILE));

        assertThat(md).contains("| every acknowledged order returned as acknowledged (`GET /orders/{n}`) | **FAIL** | "
                + "1,033 of 1,035 orders verified in 7 sessions; 1 mismatched, 1 missing |");
        assertThat(md).contains("- order #7 buy 2 AAPL acknowledged, but GET /orders/7 answered");
        assertThat(md).contains("| replica logs byte-identical after `crash` | PASS | replica 1: 1027 orders");
        assertThat(md).contains("| **FAIL** | AAPL expected 90, catalog 89 |");
        assertThat(md).contains("| 3 | `order-3/order_log_3.csv` | 1,027 | 20,480 | `" + "a".repeat(64) + "` |");
        assertThat(md).contains("| requests failed (no answer, or not 200 and not a refused buy) | **3** |");
    }

    @Test
    void eachRunSaysWhichLatencyModelProducedItsFigures() throws Exception {
        report("cache-on", "crash");
        String md = Files.readString(out.resolve(Report.FILE));

        assertThat(md).contains("| cache-on | closed | 5 |", "| crash | open, 100 req/s | 5 |");
        assertThat(md).contains("Model: closed model, 5 clients", "Model: open model at 100 requests/s over 5 clients");
        assertThat(md).contains("Runs on these charts: `cache-on` (closed model, latency from the actual send)");
    }

    @Test
    void passingRunsPassAndAMissingStackCheckIsSaidSo() throws Exception {
        report("cache-on", "cache-off");
        String md = Files.readString(out.resolve(Report.FILE));

        assertThat(md).contains("| PASS | 798 of 798 orders verified in 5 sessions; 0 mismatched, 0 missing |");
        assertThat(md).contains("| replica logs and catalog | not checked |");
    }

    @Test
    void renderingTheSameResultsAgainGivesTheSameReport() throws Exception {
        report("cache-on", "cache-off", "crash");
        String first = Files.readString(out.resolve(Report.FILE));
        report("cache-on", "cache-off", "crash");

        assertThat(Files.readString(out.resolve(Report.FILE))).isEqualTo(first);
    }

    @Test
    void aFolderWithoutARunIsRefused() {
        assertThat(LoadClient.commandLine().setErr(new PrintWriter(err, true))
                .execute("report", out.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("holds no run");
    }

    @Test
    void runsRepeatedUnderOneNameAreSummedUpWithTheirSpread() throws Exception {
        Path first = repeat("cache-on", "cache-on-1", 1.0);
        Path second = repeat("cache-on", "cache-on-2", 3.0);

        assertThat(LoadClient.commandLine().setErr(new PrintWriter(err, true)).setOut(new PrintWriter(
                new StringWriter(), true)).execute("report", first.toString(), second.toString(),
                raw("cache-off").toString(), "--out", out.toString())).as(err.toString()).isZero();
        String md = Files.readString(out.resolve(Report.FILE));

        // the second run's latencies are three times the first's: the mean of the two is twice the first's, with
        // the first and the second as its bounds; cache-off ran once, so it has no spread to show
        assertThat(md).contains("## Repetitions", "| request | p | cache-on mean | cache-on p50 | cache-on p99 |",
                "| lookup | 0 | 2.47 (1.23–3.70) | 2.20 (1.10–3.30) | 7.00 (3.50–10.5) |");
        assertThat(md.substring(md.indexOf("## Repetitions"), md.indexOf("## ", md.indexOf("## Repetitions") + 3)))
                .doesNotContain("cache-off");
    }

    /** The raw results of {@code run} under another label, every latency multiplied by {@code factor}. */
    private Path repeat(String run, String label, double factor) throws Exception {
        Path copy = Files.createDirectories(out.resolve("raw-" + label));
        try (var files = Files.list(raw(run))) {
            for (Path file : files.toList()) {
                Files.copy(file, copy.resolve(file.getFileName()));
            }
        }
        Path info = copy.resolve("run.json");
        Files.writeString(info, Files.readString(info).replace("\"label\" : \"" + run + "\"",
                "\"label\" : \"" + label + "\""));
        Path summary = copy.resolve("summary.csv");
        List<String> lines = Files.readAllLines(summary);
        List<String> header = List.of(lines.get(0).split(","));
        StringBuilder scaled = new StringBuilder(lines.get(0)).append('\n');
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            for (String column : List.of("mean_ms", "p50_ms", "p90_ms", "p99_ms", "p999_ms", "max_ms")) {
                int i = header.indexOf(column);
                cells[i] = String.valueOf(Double.parseDouble(cells[i]) * factor);
            }
            scaled.append(String.join(",", cells)).append('\n');
        }
        Files.writeString(summary, scaled);
        return copy;
    }

    private int report(String... runs) throws URISyntaxException {
        String[] args = new String[runs.length + 3];
        args[0] = "report";
        for (int i = 0; i < runs.length; i++) {
            args[i + 1] = raw(runs[i]).toString();
        }
        args[runs.length + 1] = "--out";
        args[runs.length + 2] = out.toString();
        return LoadClient.commandLine().setOut(new PrintWriter(new StringWriter(), true))
                .setErr(new PrintWriter(err, true)).execute(args);
    }

    private static Path raw(String run) throws URISyntaxException {
        return Path.of(ReportTest.class.getResource("/raw/" + run).toURI());
    }

    private static long colours(BufferedImage image) {
        return IntStream.range(0, image.getWidth() * image.getHeight())
                .map(i -> image.getRGB(i % image.getWidth(), i / image.getWidth())).distinct().count();
    }
}
