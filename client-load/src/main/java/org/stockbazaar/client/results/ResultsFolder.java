package org.stockbazaar.client.results;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.HdrHistogram.Histogram;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvSchema;

/**
 * The raw results of one run, in one folder: what {@code run} writes and {@code report} reads, so that a report can
 * be rendered again from old results, as Gatling's can.
 *
 * <pre>
 * run.json           the settings and the model (RunInfo)
 * summary.csv        per p and request type: counts, latency mean and percentiles, throughput (SummaryRow)
 * timeline.csv       per second, p and request type: completions, failures, latency (TimelineRow)
 * errors.csv         per p, request type and status: how many, one example (ErrorRow)
 * verification.csv   per session: orders, verified, mismatched, missing (SessionRow)
 * problems.txt       every verification problem, one per line
 * hgrm/p0.2-lookup.hgrm   HdrHistogram's percentile distribution (in ms) of each p and request type
 * cache.csv          the front end's cache, sampled (with --internal-token-file) (CacheSample)
 * events.csv         written by whoever disturbed the stack during the run, e.g. scripts/evaluate.sh (RunEvent)
 * stack-check.json   written by {@code verify}: replica log checksums, catalog balance (StackCheck)
 * </pre>
 */
public final class ResultsFolder {

    public static final String RUN = "run.json";
    public static final String SUMMARY = "summary.csv";
    public static final String TIMELINE = "timeline.csv";
    public static final String ERRORS = "errors.csv";
    public static final String VERIFICATION = "verification.csv";
    public static final String PROBLEMS = "problems.txt";
    public static final String HISTOGRAMS = "hgrm";
    public static final String CACHE = "cache.csv";
    public static final String EVENTS = "events.csv";
    public static final String STACK_CHECK = "stack-check.json";

    private static final CsvMapper CSV = CsvMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final Path dir;

    public ResultsFolder(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    public Path file(String name) {
        return dir.resolve(name);
    }

    public boolean holdsRun() {
        return Files.exists(file(RUN));
    }

    public <T> void writeCsv(String name, Class<T> type, List<T> rows) {
        CsvSchema schema = CSV.schemaFor(type).withHeader();
        try {
            Files.createDirectories(dir);
            CSV.writer(schema).writeValue(file(name).toFile(), rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The rows of a CSV file with a header line, columns in any order; none if there is no such file. */
    public <T> List<T> readCsv(String name, Class<T> type) {
        Path path = file(name);
        return Files.exists(path) ? readCsvFile(path, type) : List.of();
    }

    /** Any CSV file with a header line whose names are the snake_case names of the record's components. */
    public static <T> List<T> readCsvFile(Path path, Class<T> type) {
        try (MappingIterator<T> rows = CSV.readerFor(type).with(CsvSchema.emptySchema().withHeader())
                .readValues(path.toFile())) {
            return rows.readAll();
        }
    }

    public void writeJson(String name, Object value) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JSON.writeValue(file(name).toFile(), value);
    }

    public <T> Optional<T> readJson(String name, Class<T> type) {
        Path path = file(name);
        return Files.exists(path) ? Optional.of(JSON.readValue(path.toFile(), type)) : Optional.empty();
    }

    public void writeLines(String name, List<String> lines) {
        try {
            Files.createDirectories(dir);
            Files.write(file(name), lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** HdrHistogram's own text format, values in milliseconds (recorded in microseconds). */
    public void writeHistogram(double p, RequestType type, Histogram histogram) {
        Path path = file(HISTOGRAMS).resolve("p" + Format.number(p) + "-" + type.id + ".hgrm");
        try {
            Files.createDirectories(path.getParent());
            try (PrintStream out = new PrintStream(Files.newOutputStream(path), false, StandardCharsets.UTF_8)) {
                histogram.outputPercentileDistribution(out, 1000.0);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Everything a report needs from this folder. */
    public RunData read() {
        RunInfo info = readJson(RUN, RunInfo.class)
                .orElseThrow(() -> new IllegalArgumentException(dir + " holds no run (no " + RUN + ")"));
        return new RunData(dir, info, readCsv(SUMMARY, SummaryRow.class), readCsv(TIMELINE, TimelineRow.class),
                readCsv(ERRORS, ErrorRow.class), readCsv(VERIFICATION, SessionRow.class),
                readCsv(CACHE, CacheSample.class), readCsv(EVENTS, RunEvent.class),
                readJson(STACK_CHECK, StackCheck.class).orElse(null));
    }

    /** One run's raw results, read back. {@code stackCheck} is null if {@code verify} did not write one. */
    public record RunData(Path dir, RunInfo info, List<SummaryRow> summary, List<TimelineRow> timeline,
            List<ErrorRow> errors, List<SessionRow> sessions, List<CacheSample> cache, List<RunEvent> events,
            StackCheck stackCheck) {

        public String label() {
            return info.label();
        }

        public List<Double> ps() {
            return summary.stream().map(SummaryRow::p).distinct().sorted().toList();
        }
    }
}
