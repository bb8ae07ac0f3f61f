package org.stockbazaar.client.load;

import static org.stockbazaar.client.cli.Usage.require;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import org.stockbazaar.client.cli.DurationConverter;
import org.stockbazaar.client.cli.ExitCodes;
import org.stockbazaar.client.cli.HttpUrlConverter;
import org.stockbazaar.client.results.ResultsFolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "run", sortOptions = false, mixinStandardHelpOptions = true,
        header = "Run client sessions at each p; write the raw results.",
        description = {
            "A session (the original lab's): on one keep-alive connection, N times: look up a random stock; if its "
                    + "quantity is above 0, trade it with probability p (buy or sell at random, 1 to 5 units). "
                    + "Every acknowledged order is remembered; at the end of the session each is queried with "
                    + "GET /orders/{n} and must come back as acknowledged, else the run fails (exit code 1).",
            "",
            "Several front ends (--url given more than once, or URLs separated by commas): sessions go to them "
                    + "round-robin, the i-th session the run starts to URL i mod n, and each session queries its "
                    + "orders back through its own front end.",
            ""},
        footer = {"", "Examples:",
            "  client-load run --iterations 500 --out results/cache-on --label cache-on",
            "  client-load run -p 0.8 --duration 2m --rate 200 --out results/open-200",
            "  client-load run --url http://127.0.0.1:8091,http://127.0.0.1:8191",
            "  client-load report results/cache-on"})
public final class RunCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = {"-u", "--url"}, split = ",", converter = HttpUrlConverter.class,
            defaultValue = "http://127.0.0.1:8091", paramLabel = "URL",
            description = "The front end, or several: repeat the option or separate the URLs with commas; "
                    + "sessions are spread over them round-robin. Default: ${DEFAULT-VALUE}.")
    private List<URI> urls;

    @Option(names = {"-c", "--clients"}, defaultValue = "5", paramLabel = "N",
            description = "Concurrent clients, each running its sessions on its own connection. Default: ${DEFAULT-VALUE}.")
    private int clients;

    @Option(names = {"-n", "--iterations"}, defaultValue = "200", paramLabel = "N",
            description = "Iterations (lookup, maybe a trade) per session. Default: ${DEFAULT-VALUE}.")
    private int iterations;

    @Option(names = {"-p", "--p"}, split = ",", defaultValue = "0,0.2,0.4,0.6,0.8", paramLabel = "P",
            description = "Probabilities of a trade after a lookup, run one after the other. Default: ${DEFAULT-VALUE}.")
    private List<Double> ps;

    @Option(names = "--warmup", defaultValue = "50", paramLabel = "N",
            description = "Iterations per client before measuring, at the highest p (lets the JIT compile the "
                    + "servers' hot paths). Their orders are verified; their latency is not kept. 0: none. "
                    + "Default: ${DEFAULT-VALUE}.")
    private int warmup;

    @Option(names = {"-d", "--duration"}, converter = DurationConverter.class, paramLabel = "TIME",
            description = "Instead of one session per client at each p: sessions back to back for this long at "
                    + "each p (90s, 2m; the last session finishes and is verified).")
    private Duration duration;

    @Option(names = "--rate", paramLabel = "R",
            description = "Open model: R requests per second over all clients, due on a fixed schedule; latency "
                    + "counts from when each request was due, so a stalled server is not hidden (as wrk2). "
                    + "Default: closed model (next request when the previous answer is in).")
    private Double rate;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S",
            description = "Seed of the random choices (stock, trade or not, buy or sell, quantity). Default: ${DEFAULT-VALUE}.")
    private long seed;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR",
            description = "Folder for the raw results; must not hold a run already. Default: run/results/LABEL-TIME.")
    private Path out;

    @Option(names = "--label", defaultValue = "run", paramLabel = "NAME",
            description = "Name of this run in the report, e.g. cache-on. Default: ${DEFAULT-VALUE}.")
    private String label;

    @Option(names = "--internal-token-file", paramLabel = "FILE",
            description = "File with the front end's internal secret (scripts/run-local.sh writes "
                    + "BAZAAR_RUN_DIR/internal-token): samples its cache every 0.5 s for the report (with several "
                    + "front ends, the first --url's).")
    private Path tokenFile;

    @Option(names = "--timeout", defaultValue = "30s", converter = DurationConverter.class, paramLabel = "TIME",
            description = "How long a request may wait for its answer before it counts as failed. Default: ${DEFAULT-VALUE}.")
    private Duration timeout;

    @Override
    public Integer call() throws InterruptedException {
        require(spec, clients >= 1, "--clients must be at least 1");
        require(spec, iterations >= 1, "--iterations must be at least 1");
        require(spec, warmup >= 0, "--warmup must be 0 or more");
        require(spec, !ps.isEmpty() && ps.stream().allMatch(p -> p >= 0 && p <= 1), "every p must be from 0 to 1");
        require(spec, ps.stream().distinct().count() == ps.size(), "a p value is given twice");
        require(spec, rate == null || rate > 0, "--rate must be positive");
        require(spec, duration == null || !duration.isZero(), "--duration must be positive");
        require(spec, urls.stream().distinct().count() == urls.size(), "a front end is given twice in --url");
        require(spec, label.matches("[A-Za-z0-9._-]{1,40}"),
                "--label must be 1 to 40 letters, digits, '.', '_' or '-'");
        // under run/, which git ignores, as it does the stack's own run folder
        Path folder = out != null ? out : Path.of("run", "results",
                label + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        ResultsFolder results = new ResultsFolder(folder);
        require(spec, !results.holdsRun(),
                folder + " already holds a run: choose another --out (old results are kept)");
        String token = tokenFile == null ? null : readToken();
        LoadSettings settings = new LoadSettings(urls, clients, iterations, List.copyOf(ps), warmup, duration, seed,
                rate, label, timeout, token, Duration.ofMillis(500));
        // the whole command line, from the subcommand's name on: enough to run it again
        List<String> command = spec.commandLine().getParseResult().originalArgs();
        LoadTest test = new LoadTest(settings, results, command, spec.commandLine().getOut(),
                ProgressBar.on(spec.commandLine().getErr()));
        return test.run() ? 0 : ExitCodes.CHECK_FAILED;
    }

    private String readToken() {
        try {
            return Files.readString(tokenFile).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read --internal-token-file " + tokenFile, e);
        }
    }
}
