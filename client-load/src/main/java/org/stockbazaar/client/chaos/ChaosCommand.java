package org.stockbazaar.client.chaos;

import static org.stockbazaar.client.cli.Usage.require;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.stockbazaar.client.api.BazaarConnection;
import org.stockbazaar.client.chaos.Operation.Kind;
import org.stockbazaar.client.cli.DurationConverter;
import org.stockbazaar.client.cli.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "chaos", sortOptions = false, mixinStandardHelpOptions = true,
        header = "Start the stack, trade against it while killing and pausing its parts, then check the promises.",
        description = {
            "Starts the catalog, three order replicas and the front end from the built jars as child processes on "
                    + "127.0.0.1 (its own run folder and ports), runs concurrent clients (trades on a few hot "
                    + "stocks, lookups, order queries) and, one at a time, injects faults chosen at random from "
                    + "the seed: kill -9 the leader, a follower, a replica while it syncs up; SIGSTOP a replica "
                    + "for longer than the front end's timeout, the leader or the catalog for longer than its "
                    + "order deadline; restart the catalog or the front end. A share of the trades is sent once "
                    + "without a key and never again. Then it waits until the stack is quiet and checks the "
                    + "history against what the stack stored (docs/reliability.md lists the rules). Exit code 1 if "
                    + "any rule is broken.",
            ""},
        footer = {"", "Examples:",
            "  client-load chaos --duration 60s --faults 12",
            "  client-load chaos --duration 30m --seed 42 --out run/chaos/long",
            "  client-load chaos --duration 3m --kinds pause-leader-long,stall-catalog-long --pause-leader-long 12s"})
public final class ChaosCommand implements Callable<Integer> {

    private static final List<String> HOT_STOCKS = List.of("GameStart", "BoarCo", "MenhirCo");
    /** The front end's order deadline ({@code bazaar.frontend.order-deadline}): the long faults outlast it. */
    private static final Duration ORDER_DEADLINE = Duration.ofSeconds(10);

    @Spec
    private CommandSpec spec;

    @Option(names = {"-d", "--duration"}, defaultValue = "60s", converter = DurationConverter.class,
            paramLabel = "TIME", description = "How long to inject faults (90s, 30m; 0 with --faults N: until N "
                    + "faults are done). Default: ${DEFAULT-VALUE}.")
    private Duration duration;

    @Option(names = "--faults", defaultValue = "0", paramLabel = "N",
            description = "Stop after N faults even if time is left; 0: no limit. Default: ${DEFAULT-VALUE}.")
    private int maxFaults;

    @Option(names = "--seed", paramLabel = "S",
            description = "Seed of the fault schedule and the clients' choices. Default: a random one, printed.")
    private Long seed;

    @Option(names = "--kinds", split = ",", paramLabel = "FAULT",
            description = "Faults to choose from: kill-leader, kill-follower, kill-syncing, pause-replica, "
                    + "restart-catalog, pause-catalog, restart-frontend, pause-leader-long, stall-catalog-long, "
                    + "with --max-down 2 kill-two-replicas, and wipe-replica (kill a follower, delete its data "
                    + "folder, restart it; only when named here). Default: all that --max-down allows but "
                    + "wipe-replica.")
    private List<String> kinds;

    @Option(names = "--pause-leader-long", defaultValue = "35s", converter = DurationConverter.class,
            paramLabel = "TIME", description = "How long pause-leader-long stops the leader (more than the front "
                    + "end's 10 s order deadline). Default: ${DEFAULT-VALUE}.")
    private Duration leaderPause;

    @Option(names = "--stall-catalog-long", defaultValue = "15s", converter = DurationConverter.class,
            paramLabel = "TIME", description = "How long stall-catalog-long stops the catalog (more than the "
                    + "front end's 10 s order deadline). Default: ${DEFAULT-VALUE}.")
    private Duration catalogStall;

    @Option(names = "--keyless", defaultValue = "0.2", paramLabel = "SHARE",
            description = "Share of the trades sent once without an Idempotency-Key and never again, 0 to 1: one "
                    + "without a definite answer keeps an unknown outcome. Default: ${DEFAULT-VALUE}.")
    private double keyless;

    @Option(names = "--max-down", defaultValue = "1", paramLabel = "N",
            description = "Replicas that may be down at once: 1, or 2 to add kill-two-replicas (the leader and a "
                    + "follower together; trades then fail until they are back, but none acknowledged may be lost). "
                    + "Default: ${DEFAULT-VALUE}.")
    private int maxDown;

    @Option(names = {"-c", "--clients"}, defaultValue = "4", paramLabel = "N",
            description = "Concurrent clients. Default: ${DEFAULT-VALUE}.")
    private int clients;

    @Option(names = "--think", defaultValue = "10ms", converter = DurationConverter.class, paramLabel = "TIME",
            description = "Pause of each client between two operations. Default: ${DEFAULT-VALUE}.")
    private Duration think;

    @Option(names = "--replica-timeout", defaultValue = "2s", converter = DurationConverter.class,
            paramLabel = "TIME", description = "The front end's read timeout at a replica (set on the front end; "
                    + "a pause lasts longer). Default: ${DEFAULT-VALUE}.")
    private Duration replicaTimeout;

    @Option(names = "--timeout", defaultValue = "30s", converter = DurationConverter.class, paramLabel = "TIME",
            description = "A client's timeout per request (above the front end's 10 s order deadline). "
                    + "Default: ${DEFAULT-VALUE}.")
    private Duration timeout;

    @Option(names = "--root", defaultValue = ".", paramLabel = "DIR",
            description = "The checkout with the built jars (<module>/target/<module>-VERSION.jar). "
                    + "Default: the current folder.")
    private Path root;

    @Option(names = "--jar-version", defaultValue = "0.1.0-SNAPSHOT", paramLabel = "V",
            description = "Version in the jars' names. Default: ${DEFAULT-VALUE}.")
    private String jarVersion;

    @Option(names = "--ports", split = ",", paramLabel = "P",
            description = "Ports of the catalog, front end and replicas 1, 2, 3 (five numbers; 0: a free one). "
                    + "Default: free ports.")
    private List<Integer> ports;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR",
            description = "Results folder (history, faults, summary, and the stack's logs and data under stack/); "
                    + "must not exist. Default: run/chaos/TIME.")
    private Path out;

    @Override
    public Integer call() throws InterruptedException {
        require(spec, !duration.isZero() || maxFaults > 0, "--duration must be positive");
        require(spec, maxFaults >= 0, "--faults must be 0 or more");
        require(spec, clients >= 1, "--clients must be at least 1");
        require(spec, ports == null || ports.size() == 5, "--ports takes five numbers");
        require(spec, maxDown == 1 || maxDown == 2, "--max-down must be 1 or 2");
        require(spec, leaderPause.compareTo(ORDER_DEADLINE) > 0,
                "--pause-leader-long must be longer than the front end's order deadline (10s)");
        require(spec, catalogStall.compareTo(ORDER_DEADLINE) > 0,
                "--stall-catalog-long must be longer than the front end's order deadline (10s)");
        require(spec, keyless >= 0 && keyless <= 1, "--keyless must be between 0 and 1");
        List<Fault> faults = faultKinds();
        long runSeed = seed != null ? seed : new SecureRandom().nextLong();
        Path folder = out != null ? out : Path.of("run", "chaos",
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        require(spec, !Files.exists(folder), folder + " exists: choose another --out (old results are kept)");
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + folder, e);
        }
        PrintWriter console = spec.commandLine().getOut();
        List<String> header = List.of(
                "chaos run: seed " + runSeed + " (replay the schedule with --seed " + runSeed + ")",
                "command: client-load " + String.join(" ", spec.commandLine().getParseResult().originalArgs()),
                "faults from: " + faults.stream().map(Fault::label).toList() + "; " + clients + " clients, "
                        + Math.round(keyless * 100) + "% of trades without a key; results in "
                        + folder.toAbsolutePath());
        header.forEach(console::println);
        console.flush();

        int[] portList = ports == null ? new int[5] : ports.stream().mapToInt(Integer::intValue).toArray();
        ChaosStack stack = new ChaosStack(root, jarVersion, folder.resolve("stack"), portList, replicaTimeout);
        Thread cleanup = new Thread(stack::stop, "chaos-stop-stack");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            long started = System.nanoTime();
            stack.start();
            console.printf("stack ready in %.1f s%n", (System.nanoTime() - started) / 1e9);
            console.flush();
            return runAgainst(stack, faults, runSeed, folder, header, console);
        } finally {
            stack.stop();
            Runtime.getRuntime().removeShutdownHook(cleanup);
        }
    }

    private int runAgainst(ChaosStack stack, List<Fault> faults, long runSeed, Path folder, List<String> header,
            PrintWriter console) throws InterruptedException {
        StateReader reader = new StateReader(stack);
        Map<String, Long> initial = reader.catalogQuantities();
        History history = new History(System.nanoTime());
        Workload workload = new Workload(stack.frontend.url(), clients, HOT_STOCKS, List.copyOf(initial.keySet()),
                runSeed, keyless, think, timeout, history);
        Schedule schedule = new Schedule(runSeed, faults);
        Nemesis nemesis = new Nemesis(stack, replicaTimeout, leaderPause, catalogStall, history, console);
        List<FaultEvent> events = new ArrayList<>();
        workload.start();
        long end = System.nanoTime() + duration.toNanos();
        // --duration 0 with --faults N: as long as the N faults take
        while ((duration.isZero() || System.nanoTime() - end < 0) && (maxFaults == 0 || events.size() < maxFaults)) {
            events.add(nemesis.inject(events.size() + 1, schedule.next()));
        }
        stack.awaitWhole();
        workload.stop();

        // a client that never learnt a trade's outcome asks again with its key, as docs/api.md tells it to; a keyless
        // trade has none to ask with
        BazaarConnection resolver = new BazaarConnection(stack.frontend.url(), timeout, ChaosStack.CONNECT_TIMEOUT);
        for (Workload.PendingTrade trade : workload.pending()) {
            workload.trade(resolver, 0, trade);
        }
        boolean identical = reader.awaitIdenticalLogs(Duration.ofSeconds(30));
        List<Operation> operations = history.operations();
        List<Long> acknowledged = operations.stream().filter(op -> op.kind() == Kind.TRADE && op.ok())
                .map(Operation::number).distinct().toList();
        StoredState state = reader.read(initial, HOT_STOCKS, acknowledged);
        List<Violation> violations = new Checker().check(operations, events, state);
        List<String> fullHeader = new ArrayList<>(header);
        fullHeader.add("ran " + events.size() + " faults; logs " + (identical ? "identical" : "NOT identical")
                + " after quiescence");
        ChaosReport report = new ChaosReport(operations, events, violations, state);
        report.write(folder, fullHeader);
        console.print(report.summary(fullHeader));
        console.flush();
        return violations.isEmpty() ? 0 : ExitCodes.CHECK_FAILED;
    }

    private List<Fault> faultKinds() {
        if (kinds == null || kinds.isEmpty()) {
            return Arrays.stream(Fault.values()).filter(fault -> fault.byDefault(maxDown)).toList();
        }
        List<Fault> chosen = new ArrayList<>();
        for (String kind : kinds) {
            Fault fault = Arrays.stream(Fault.values()).filter(f -> f.label().equals(kind.trim())).findFirst()
                    .orElseThrow(() -> new ParameterException(spec.commandLine(), "unknown fault '" + kind + "'"));
            require(spec, maxDown > 1 || fault != Fault.KILL_TWO_REPLICAS, "kill-two-replicas needs --max-down 2");
            chosen.add(fault);
        }
        return chosen;
    }
}
