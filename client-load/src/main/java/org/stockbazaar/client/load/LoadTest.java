package org.stockbazaar.client.load;

import java.io.PrintWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.stockbazaar.client.api.BazaarConnection;
import org.stockbazaar.client.api.Order;
import org.stockbazaar.client.report.SummaryTable;
import org.stockbazaar.client.results.CacheSample;
import org.stockbazaar.client.results.ErrorRow;
import org.stockbazaar.client.results.Format;
import org.stockbazaar.client.results.RequestType;
import org.stockbazaar.client.results.ResultsFolder;
import org.stockbazaar.client.results.RunInfo;
import org.stockbazaar.client.results.SessionRow;
import org.stockbazaar.client.results.SummaryRow;
import org.stockbazaar.client.results.TimelineRow;

/**
 * The sweep: an optional warm-up, then for each p, {@code clients} concurrent sessions, each on its own connection.
 * Raw results are written to the results folder after every step, so an interrupted run keeps what it measured.
 */
final class LoadTest {

    private final LoadSettings settings;
    private final FrontEnds frontEnds;
    private final ResultsFolder results;
    private final List<String> command;
    private final PrintWriter out;
    private final ProgressBar progress;
    private final Map<Long, Order> acknowledged = new ConcurrentHashMap<>();
    private final List<SummaryRow> summary = new ArrayList<>();
    private final List<TimelineRow> timeline = new ArrayList<>();
    private final List<ErrorRow> errors = new ArrayList<>();
    private final List<SessionRow> sessions = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private final long startEpochMs = System.currentTimeMillis();
    private final long startNanos = System.nanoTime();
    private long lookupsBefore;
    private long requestsBefore;
    private long failedBefore;

    LoadTest(LoadSettings settings, ResultsFolder results, List<String> command, PrintWriter out,
            ProgressBar progress) {
        this.settings = settings;
        this.frontEnds = new FrontEnds(settings.urls());
        this.results = results;
        this.command = command;
        this.out = out;
        this.progress = progress;
    }

    /** True if every order was returned as acknowledged and the front end answered at least one lookup. */
    boolean run() throws InterruptedException {
        writeInfo(0);
        SplittableRandom random = new SplittableRandom(settings.seed());
        CacheSampler sampler = settings.internalToken() == null ? null
                : new CacheSampler(frontEnds.first(), settings.internalToken(), settings.cacheSampleEvery());
        try {
            if (settings.warmup() > 0) {
                // the highest p: the warm-up exercises trades and queries as well as lookups
                step(Collections.max(settings.ps()), settings.warmup(), true, random.split());
            }
            for (double p : settings.ps()) {
                step(p, settings.iterations(), false, random.split());
            }
        } finally {
            if (sampler != null) {
                sampler.close();
                results.writeCsv(ResultsFolder.CACHE, CacheSample.class, sampler.samples());
            }
            writeInfo(System.currentTimeMillis());
        }
        progress.clear();
        out.print(SummaryTable.render(summary, sessions));
        out.println("Raw results in " + results.dir() + "; render the report with: client-load report "
                + results.dir());
        boolean answered = summary.stream().anyMatch(row -> row.type().equals(RequestType.LOOKUP.id) && row.ok() > 0);
        if (!answered) {
            out.println((frontEnds.count() == 1 ? "The front end at " : "The front ends at ") + frontEnds
                    + " answered no lookup: nothing was measured.");
        }
        out.flush();
        return answered && sessions.stream().allMatch(SessionRow::passed);
    }

    private void step(double p, int iterations, boolean warmup, SplittableRandom random)
            throws InterruptedException {
        String name = (warmup ? "warm-up at p=" : "p=") + Format.number(p);
        progress.println(name + ": " + settings.clients() + (settings.clients() == 1 ? " client, " : " clients, ")
                + iterations + " iterations per session"
                + (frontEnds.count() == 1 ? "" : ", round-robin over " + frontEnds.count() + " front ends")
                + (warmup || settings.duration() == null ? ""
                        : ", sessions back to back for " + Format.seconds(settings.duration().toMillis() / 1000.0)));
        Measurements measurements = new Measurements(p);
        ExecutorService clients = Executors.newFixedThreadPool(settings.clients(), named("client-"));
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(named("ticker-"));
        ticker.scheduleAtFixedRate(measurements::tick, 1, 1, TimeUnit.SECONDS);
        ticker.scheduleAtFixedRate(() -> showProgress(name, measurements, iterations, warmup), 0, 250,
                TimeUnit.MILLISECONDS);
        // the warm-up is one session per client even in a timed run: it only has to make the servers warm
        long deadline = warmup || settings.duration() == null ? 0
                : System.nanoTime() + settings.duration().toNanos();
        List<Future<List<SessionRow>>> work = new ArrayList<>();
        for (int client = 0; client < settings.clients(); client++) {
            int id = client;
            SplittableRandom clientRandom = random.split();
            Pacing pacing = settings.rate() == null ? Pacing.closed()
                    : Pacing.fixedRate(settings.rate() / settings.clients(), (double) id / settings.clients());
            work.add(clients.submit(() -> sessions(p, warmup, id, iterations, deadline, pacing, clientRandom,
                    measurements)));
        }
        clients.shutdown();
        List<SessionRow> rows = new ArrayList<>();
        try {
            for (Future<List<SessionRow>> client : work) {
                rows.addAll(client.get());
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("a client failed: " + e.getCause(), e.getCause());
        } finally {
            clients.shutdownNow();
            ticker.shutdownNow();
            ticker.awaitTermination(5, TimeUnit.SECONDS);
        }
        measurements.finish();
        lookupsBefore += measurements.sent(RequestType.LOOKUP);
        requestsBefore += measurements.sent();
        failedBefore += measurements.failed();
        sessions.addAll(rows);
        if (!warmup) {
            summary.addAll(measurements.summary());
            timeline.addAll(measurements.timeline());
            errors.addAll(measurements.errors());
            for (RequestType type : RequestType.values()) {
                results.writeHistogram(p, type, measurements.histogram(type));
            }
        }
        writeRows();
        long orders = rows.stream().mapToLong(SessionRow::orders).sum();
        long bad = rows.stream().filter(row -> !row.passed()).count();
        progress.println(String.format(Locale.ROOT, "%s: done in %s, %s requests, %s failed, %s orders%s",
                name, Format.seconds(measurements.summary().get(0).seconds()),
                Format.count(measurements.sent()),
                Format.count(measurements.failed()), Format.count(orders),
                bad == 0 ? " verified" : ", " + bad + " sessions FAILED verification"));
    }

    private List<SessionRow> sessions(double p, boolean warmup, int client, int iterations, long deadline,
            Pacing pacing, SplittableRandom random, Measurements measurements) throws InterruptedException {
        List<SessionRow> rows = new ArrayList<>();
        int index = 0;
        do {
            URI url = frontEnds.nextSession();
            BazaarConnection connection = new BazaarConnection(url, settings.timeout());
            Session.Result result = new Session(connection, pacing, measurements, random.split(), iterations,
                    acknowledged).run();
            rows.add(new SessionRow(p, warmup, client, index, url.toString(), result.iterations(), result.orders().size(),
                    result.verified(), result.mismatched(), result.missing(),
                    result.problems().isEmpty() ? "" : result.problems().get(0)));
            String where = (warmup ? "warm-up " : "") + "p=" + Format.number(p) + " client " + client
                    + " session " + index + ": ";
            synchronized (problems) {
                result.problems().forEach(problem -> problems.add(where + problem));
            }
            index++;
        } while (deadline != 0 && System.nanoTime() - deadline < 0);
        return rows;
    }

    private void showProgress(String name, Measurements measurements, int iterations, boolean warmup) {
        long elapsedMs = (System.nanoTime() - startNanos) / 1_000_000;
        long lookups = lookupsBefore + measurements.sent(RequestType.LOOKUP);
        double fraction;
        if (settings.duration() == null) {
            long total = (long) settings.clients() * (settings.warmup() + (long) settings.iterations()
                    * settings.ps().size());
            fraction = (double) lookups / total;
        } else {
            // by time: the measured steps take the duration each; the warm-up is small next to them
            int stepsDone = settings.ps().indexOf(measurements.p());
            double inStep = Math.min(1, (System.currentTimeMillis() - measurements.startEpochMs())
                    / (double) settings.duration().toMillis());
            fraction = warmup ? 0 : (stepsDone + inStep) / settings.ps().size();
        }
        progress.update(name, fraction, requestsBefore + measurements.sent(), failedBefore + measurements.failed(),
                elapsedMs);
    }

    private void writeRows() {
        results.writeCsv(ResultsFolder.SUMMARY, SummaryRow.class, summary);
        results.writeCsv(ResultsFolder.TIMELINE, TimelineRow.class, timeline);
        results.writeCsv(ResultsFolder.ERRORS, ErrorRow.class, errors);
        results.writeCsv(ResultsFolder.VERIFICATION, SessionRow.class, sessions);
        synchronized (problems) {
            results.writeLines(ResultsFolder.PROBLEMS, problems);
        }
    }

    private void writeInfo(long endEpochMs) {
        results.writeJson(ResultsFolder.RUN, new RunInfo(settings.label(), frontEnds.toString(),
                settings.rate() == null ? RunInfo.CLOSED : RunInfo.OPEN, settings.rate(), settings.clients(),
                settings.iterations(), settings.ps(), settings.warmup(),
                settings.duration() == null ? null : settings.duration().toMillis() / 1000.0, settings.seed(),
                startEpochMs, endEpochMs, String.join(" ", command), Runtime.version().toString(),
                Runtime.getRuntime().availableProcessors()));
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.getAndIncrement());
            thread.setDaemon(true);
            return thread;
        };
    }
}
