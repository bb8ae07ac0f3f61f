package org.stockbazaar.client.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.stockbazaar.client.results.CacheSample;
import org.stockbazaar.client.results.Format;
import org.stockbazaar.client.results.RequestType;
import org.stockbazaar.client.results.ResultsFolder;
import org.stockbazaar.client.results.ResultsFolder.RunData;
import org.stockbazaar.client.results.RunInfo;
import org.stockbazaar.client.results.SessionRow;
import org.stockbazaar.client.results.StackCheck;
import org.stockbazaar.client.results.StackCheck.StockBalance;
import org.stockbazaar.client.results.SummaryRow;

/**
 * Renders raw results (one folder per run) into PNG charts and a {@code report.md} that embeds them with the
 * tables and the verdicts. Reads only the raw files, so it can be run again on old results.
 *
 * <p>One class because {@code report.md} is one document whose sections refer to each other's figures (the cache's
 * verdict uses the lookup tables, the crash section the sweeps'); the charts are drawn by {@link Charts}.
 */
final class Report {

    static final String FILE = "report.md";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final List<RunData> runs;
    private final Path out;
    private final String notes;
    private final StringBuilder md = new StringBuilder();

    Report(List<RunData> runs, Path out, String notes) {
        this.runs = runs;
        this.out = out;
        this.notes = notes;
    }

    /** Writes the charts and report.md into the output folder; returns report.md. */
    Path write() {
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        line("# Load test report");
        line("");
        line("Rendered by `client-load report` from the raw results in "
                + runs.stream().map(run -> "`" + relative(run.dir()) + "`").collect(Collectors.joining(", "))
                + ". Latencies are in milliseconds, over every request sent whatever its answer; a request is "
                + "*failed* if it got no answer or a status other than 200, except a 409 to a buy (not enough "
                + "stock), which is *refused*: the system said no, as it should.");
        if (notes != null && !notes.isBlank()) {
            line("");
            line(notes.strip());
        }
        verdicts();
        runsTable();
        repetitions();
        sweeps();
        for (RunData run : runs) {
            runSection(run);
        }
        Path report = out.resolve(FILE);
        try {
            Files.writeString(report, md, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return report;
    }

    private void verdicts() {
        heading("Verdicts");
        line("| check | verdict | detail |");
        line("| --- | --- | --- |");
        List<SessionRow> sessions = runs.stream().flatMap(run -> run.sessions().stream()).toList();
        long orders = sessions.stream().mapToLong(SessionRow::orders).sum();
        long verified = sessions.stream().mapToLong(SessionRow::verified).sum();
        long mismatched = sessions.stream().mapToLong(SessionRow::mismatched).sum();
        long missing = sessions.stream().mapToLong(SessionRow::missing).sum();
        boolean ordersOk = orders > 0 && mismatched == 0 && missing == 0;
        line("| every acknowledged order returned as acknowledged (`GET /orders/{n}`) | " + pass(ordersOk) + " | "
                + Format.count(verified) + " of " + Format.count(orders) + " orders verified in "
                + Format.count(sessions.size()) + " sessions; " + mismatched + " mismatched, " + missing
                + " missing |");
        long failed = runs.stream().flatMap(run -> run.summary().stream()).mapToLong(SummaryRow::failed).sum();
        long refused = runs.stream().flatMap(run -> run.summary().stream()).mapToLong(SummaryRow::refused).sum();
        line("| requests failed (no answer, or not 200 and not a refused buy) | " + (failed == 0 ? "none" : "**"
                + Format.count(failed) + "**") + " | " + Format.count(refused)
                + " buys refused for lack of stock; see each run's error table |");
        for (RunData run : runs) {
            StackCheck check = run.stackCheck();
            if (check == null) {
                continue;
            }
            line("| replica logs byte-identical after `" + run.label() + "` | " + pass(check.logsIdentical()) + " | "
                    + check.logs().stream().map(log -> "replica " + log.replica() + ": " + log.orders() + " orders, "
                            + "sha256 `" + log.sha256().substring(0, 16) + "…`").collect(Collectors.joining("; "))
                    + " |");
            List<StockBalance> off = check.stocks().stream().filter(stock -> !stock.consistent()).toList();
            line("| catalog quantity = initial − bought + sold in the order log, every stock, after `" + run.label() + "` | "
                    + pass(check.catalogConsistent()) + " | " + (off.isEmpty()
                            ? check.stocks().size() + " stocks checked"
                            : off.stream().map(s -> s.name() + " expected " + s.expected() + ", catalog "
                                    + s.catalog()).collect(Collectors.joining("; "))) + " |");
        }
        if (runs.stream().allMatch(run -> run.stackCheck() == null)) {
            line("| replica logs and catalog | not checked | run `client-load verify --out <run folder>` after a run |");
        }
    }

    private void runsTable() {
        heading("Runs");
        line("| run | model | clients | iterations per session | warm-up | p | seed | started | took |");
        line("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        for (RunData run : runs) {
            RunInfo info = run.info();
            String iterations = info.iterations() + (info.durationSeconds() == null ? ""
                    : ", sessions back to back for " + Format.number(info.durationSeconds()) + " s per p");
            line("| " + run.label() + " | " + (info.open() ? "open, " + Format.number(info.rate()) + " req/s"
                    : "closed") + " | " + info.clients() + " | " + iterations + " | " + info.warmup() + " | "
                    + run.ps().stream().map(Format::number).collect(Collectors.joining(", ")) + " | " + info.seed()
                    + " | " + TIME.format(Instant.ofEpochMilli(info.startEpochMs())) + " | "
                    + (info.endEpochMs() > 0 ? Format.seconds((info.endEpochMs() - info.startEpochMs()) / 1000.0)
                            : "did not finish") + " |");
        }
        line("");
        for (RunData run : runs) {
            line("- `" + run.label() + "`: " + run.info().modelDescription() + ".");
        }
        line("");
        line("Each run's command: " + runs.stream().map(run -> "`" + run.label() + "`: `client-load "
                + run.info().command() + "`").collect(Collectors.joining("; ")) + ".");
    }

    /**
     * Runs repeated under one name ({@code cache-on-1}, {@code cache-on-2}, ...: the label less a trailing
     * {@code -N}) summed up per request type and p: the mean of their means, p50s and p99s, each with the lowest
     * and highest run beside it, so that a difference between two names reads against the spread within each.
     */
    private void repetitions() {
        Map<String, List<RunData>> groups = new LinkedHashMap<>();
        for (RunData run : runs) {
            groups.computeIfAbsent(run.label().replaceFirst("-\\d+$", ""), name -> new ArrayList<>()).add(run);
        }
        groups.values().removeIf(group -> group.size() < 2);
        if (groups.isEmpty()) {
            return;
        }
        heading("Repetitions");
        line("Runs repeated under one name, " + groups.entrySet().stream().map(group -> "`" + group.getKey() + "` ("
                + group.getValue().size() + " runs)").collect(Collectors.joining(", ")) + ": per request type and "
                + "p, the mean over the runs of each run's mean, p50 and p99 (ms), with the lowest and the highest "
                + "run in brackets.");
        line("");
        line("| request | p | " + String.join(" | ", groups.keySet().stream()
                .flatMap(name -> Stream.of(name + " mean", name + " p50", name + " p99")).toList())
                + " |");
        line("| --- | --- |" + " ---: |".repeat(3 * groups.size()));
        List<RunData> first = groups.values().iterator().next();
        for (RequestType type : RequestType.values()) {
            for (double p : first.get(0).ps()) {
                StringBuilder row = new StringBuilder("| " + type.id + " | " + Format.number(p) + " |");
                boolean any = false;
                for (List<RunData> group : groups.values()) {
                    List<SummaryRow> rows = group.stream().flatMap(run -> run.summary().stream()
                            .filter(r -> r.type().equals(type.id) && r.p() == p && r.count() > 0)).toList();
                    any |= !rows.isEmpty();
                    row.append(spread(rows, SummaryRow::meanMs)).append(spread(rows, SummaryRow::p50Ms))
                            .append(spread(rows, SummaryRow::p99Ms));
                }
                if (any) {
                    line(row.toString());
                }
            }
        }
    }

    /** " mean (min–max) |" of one figure over the rows of a group's runs, or " – |" without any. */
    static String spread(List<SummaryRow> rows, ToDoubleFunction<SummaryRow> figure) {
        if (rows.isEmpty()) {
            return " – |";
        }
        DoubleSummaryStatistics stats = rows.stream().mapToDouble(figure).summaryStatistics();
        return " " + Format.ms(stats.getAverage()) + " (" + Format.ms(stats.getMin()) + "–" + Format.ms(stats.getMax())
                + ") |";
    }

    /** Latency against p, the runs of more than one p on the same axes (cache on against cache off). */
    private void sweeps() {
        List<RunData> sweeps = runs.stream().filter(run -> run.ps().size() > 1).toList();
        if (sweeps.isEmpty()) {
            return;
        }
        heading("Latency against p");
        line("Runs on these charts: " + sweeps.stream().map(run -> "`" + run.label() + "` ("
                + (run.info().open() ? "open model, latency from the intended send"
                        : "closed model, latency from the actual send") + ")").collect(Collectors.joining(", "))
                + ". Solid: mean; dashed: p99.");
        line("");
        for (RequestType type : RequestType.values()) {
            String png = "latency-" + type.id + ".png";
            Charts.latencyAgainstP(type, sweeps, out.resolve(png));
            line("![" + type.id + " latency against p](" + png + ")");
            line("");
        }
        if (sweeps.size() > 1) {
            line("Mean latency (ms) side by side:");
            line("");
            StringBuilder header = new StringBuilder("| request | p |");
            StringBuilder rule = new StringBuilder("| --- | --- |");
            sweeps.forEach(run -> {
                header.append(' ').append(run.label()).append(" |");
                rule.append(" --- |");
            });
            line(header.toString());
            line(rule.toString());
            for (RequestType type : RequestType.values()) {
                for (double p : sweeps.get(0).ps()) {
                    StringBuilder row = new StringBuilder("| " + type.id + " | " + Format.number(p) + " |");
                    for (RunData run : sweeps) {
                        row.append(' ').append(run.summary().stream()
                                .filter(r -> r.type().equals(type.id) && r.p() == p && r.count() > 0)
                                .map(r -> Format.ms(r.meanMs())).findFirst().orElse("–")).append(" |");
                    }
                    line(row.toString());
                }
            }
        }
    }

    private void runSection(RunData run) {
        heading("Run `" + run.label() + "`");
        line("Model: " + run.info().modelDescription() + ".");
        line("");
        line("| p | request | count | ok | refused | failed | mean | p50 | p90 | p99 | p99.9 | max | answers/s |"
                + (Charts.cacheWasOn(run) ? " cache hit rate |" : ""));
        line("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
                + (Charts.cacheWasOn(run) ? " ---: |" : ""));
        for (SummaryRow row : run.summary()) {
            String hitRate = "";
            if (Charts.cacheWasOn(run)) {
                hitRate = row.type().equals(RequestType.LOOKUP.id) ? " " + hitRate(run, row) + " |" : " |";
            }
            String latencies = row.count() == 0 ? " – | – | – | – | – | – |"
                    : " " + Format.ms(row.meanMs()) + " | " + Format.ms(row.p50Ms()) + " | " + Format.ms(row.p90Ms())
                            + " | " + Format.ms(row.p99Ms()) + " | " + Format.ms(row.p999Ms()) + " | "
                            + Format.ms(row.maxMs()) + " |";
            line("| " + Format.number(row.p()) + " | " + row.type() + " | " + Format.count(row.count()) + " | "
                    + Format.count(row.ok()) + " | " + Format.count(row.refused()) + " | "
                    + Format.count(row.failed()) + " |" + latencies + " " + Format.rate(row.throughput()) + " |"
                    + hitRate);
        }
        line("");
        line(SummaryTable.verdict(run.sessions()));
        problems(run);
        if (!run.timeline().isEmpty()) {
            String png = "timeline-" + fileName(run.label()) + ".png";
            Charts.timeline(run, out.resolve(png));
            line("");
            line("![" + run.label() + " latency over time](" + png + ")");
        }
        if (!run.events().isEmpty()) {
            line("");
            line("| seconds since start | event |");
            line("| ---: | --- |");
            run.events().forEach(event -> line("| " + String.format(Locale.ROOT, "%.1f",
                    (event.epochMs() - run.info().startEpochMs()) / 1000.0) + " | " + event.event() + " |"));
        }
        if (Charts.cacheWasOn(run)) {
            String png = "cache-" + fileName(run.label()) + ".png";
            Charts.cache(run, out.resolve(png));
            line("");
            line("The front end's cache, sampled every half second with `GET /internal/cache`: hit rate between "
                    + "samples, and the stocks it held (a stock leaving the band was evicted or invalidated by a "
                    + "trade).");
            line("");
            line("![" + run.label() + " cache over time](" + png + ")");
        }
        errors(run);
        stackCheck(run);
    }

    private void problems(RunData run) {
        List<String> problems = run.sessions().stream().filter(s -> !s.passed()).map(SessionRow::firstProblem)
                .limit(10).toList();
        if (!problems.isEmpty()) {
            line("");
            line("First problem of each failed session (all of them: `" + relative(run.dir()) + "/"
                    + ResultsFolder.PROBLEMS + "`):");
            line("");
            problems.forEach(problem -> line("- " + problem));
        }
    }

    private void errors(RunData run) {
        if (run.errors().isEmpty()) {
            return;
        }
        line("");
        line("Answers other than 200 (status 0: no answer):");
        line("");
        line("| p | request | status | outcome | count | example |");
        line("| --- | --- | --- | --- | ---: | --- |");
        run.errors().forEach(e -> line("| " + Format.number(e.p()) + " | " + e.type() + " | " + e.status() + " | "
                + e.outcome().toLowerCase(Locale.ROOT) + " | " + Format.count(e.count()) + " | "
                + cell(e.example()) + " |"));
    }

    private void stackCheck(RunData run) {
        StackCheck check = run.stackCheck();
        if (check == null) {
            return;
        }
        line("");
        line("Stored state after the run (`client-load verify`, " + TIME.format(Instant.ofEpochMilli(
                check.checkedAtEpochMs())) + "): replica logs " + (check.logsIdentical() ? "byte-identical"
                : "**differ**") + ", catalog " + (check.catalogConsistent() ? "consistent with the order log"
                : "**inconsistent with the order log**") + (check.problem() == null || check.problem().isBlank()
                        ? "" : " (" + check.problem() + ")") + ".");
        line("");
        line("| replica | file | orders | bytes | sha256 |");
        line("| --- | --- | ---: | ---: | --- |");
        check.logs().forEach(log -> line("| " + log.replica() + " | `" + log.file() + "` | "
                + Format.count(log.orders()) + " | " + Format.count(log.bytes()) + " | `" + log.sha256() + "` |"));
        line("");
        line("| stock | initial | bought | sold | expected | catalog |");
        line("| --- | ---: | ---: | ---: | ---: | ---: |");
        check.stocks().forEach(s -> line("| " + s.name() + " | " + s.initial() + " | " + s.bought() + " | "
                + s.sold() + " | " + s.expected() + " | " + (s.consistent() ? String.valueOf(s.catalog())
                        : "**" + s.catalog() + "**") + " |"));
    }

    /** Lookups answered from the cache while this p ran: the cache samples at the step's start and end. */
    private static String hitRate(RunData run, SummaryRow row) {
        List<CacheSample> inStep = new ArrayList<>(run.cache().stream()
                .filter(s -> s.epochMs() >= row.startEpochMs() && s.epochMs() <= row.endEpochMs()).toList());
        if (inStep.size() < 2) {
            return "–";
        }
        CacheSample first = inStep.get(0);
        CacheSample last = inStep.get(inStep.size() - 1);
        long hits = last.hits() - first.hits();
        long misses = last.misses() - first.misses();
        return hits >= 0 && misses >= 0 && hits + misses > 0
                ? String.format(Locale.ROOT, "%.0f%%", 100.0 * hits / (hits + misses)) : "–";
    }

    private static String pass(boolean passed) {
        return passed ? "PASS" : "**FAIL**";
    }

    private static String cell(String text) {
        return text == null ? "" : text.replace("|", "\\|");
    }

    private static String fileName(String label) {
        return label.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private String relative(Path dir) {
        Path base = out.toAbsolutePath().normalize();
        Path target = dir.toAbsolutePath().normalize();
        String shown = base.relativize(target).toString();
        return shown.isEmpty() ? "." : shown;
    }

    private void heading(String title) {
        line("");
        line("## " + title);
        line("");
    }

    private void line(String text) {
        md.append(text).append('\n');
    }
}
