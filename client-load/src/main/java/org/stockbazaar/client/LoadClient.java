package org.stockbazaar.client;

import java.io.UncheckedIOException;
import org.stockbazaar.client.chaos.ChaosCommand;
import org.stockbazaar.client.cli.ExitCodes;
import org.stockbazaar.client.load.RunCommand;
import org.stockbazaar.client.probe.ProbeCommand;
import org.stockbazaar.client.report.ReportCommand;
import org.stockbazaar.client.verify.VerifyCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import tools.jackson.core.JacksonException;

/**
 * The load client's command line: {@code run} measures and writes raw results, {@code report} renders them,
 * {@code verify} checks what the stack stored, {@code chaos} injects faults into a stack of its own and checks
 * that no promise broke, {@code probe} measures the client's own cost per request.
 *
 * <p>Where things are, one package (room) per subcommand beside what they share:
 * <pre>
 * load/      a load run ('run'): RunCommand, LoadTest (the sweep over p), Session, FrontEnds (sessions spread over
 *            several front ends), Pacing (closed or open model), Measurements (HdrHistogram per request type),
 *            CacheSampler, ProgressBar
 * results/   the raw results folder that run and verify write and report reads: ResultsFolder, its rows
 *            (SummaryRow, TimelineRow, ErrorRow, SessionRow, CacheSample, RunEvent), RunInfo, StackCheck,
 *            RequestType, Format (how numbers look everywhere)
 * report/    report.md and its PNG charts from raw results: ReportCommand, Report, Charts, SummaryTable
 * verify/    the stored state after a run (replica logs identical, catalog balanced): VerifyCommand, StackAudit
 * probe/     the client's own cost per request against a plain socket client: ProbeCommand
 * chaos/     the fault-injection harness: ChaosCommand, ChaosStack, Nemesis, Workload, Checker (docs/reliability.md)
 * api/       talking to the services: BazaarConnection (HTTP/1.1 keep-alive), Order, Stocks (the seeded stocks)
 * launch/    a service jar as a child process on 127.0.0.1: ServiceProcess, used by chaos/ and the system tests
 * cli/       what every subcommand's command line shares: DurationConverter, HttpUrlConverter, ExitCodes, Usage
 *            (option rules)
 * </pre>
 * Each room keeps its types package-private but those another room uses; no room imports this package.
 */
@Command(name = "client-load", mixinStandardHelpOptions = true, version = "client-load 0.1.0",
        description = {
            "Load test for Stock Bazaar: concurrent client sessions of lookups and trades against the front end, "
                    + "every acknowledged order checked, latency per request type in HdrHistogram.",
            "",
            "Typical use: 'run' against a started stack (scripts/run-local.sh), then 'report' on its results "
                    + "folder. scripts/evaluate.sh does the whole evaluation (cache on, cache off, crashes)."},
        subcommands = {RunCommand.class, ReportCommand.class, VerifyCommand.class, ChaosCommand.class, ProbeCommand.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:a check failed: an order was missing or different, the front end answered nothing, "
                    + "or (verify) the stored state is inconsistent",
            "2:invalid command line",
            "3:could not run (e.g. a results folder that cannot be written)"})
public final class LoadClient implements Runnable {

    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        // charts are drawn off screen, also where a display happens to be set
        System.setProperty("java.awt.headless", "true");
        System.exit(execute(args));
    }

    /** Runs the command line in this JVM and returns its exit code (used by the system tests). */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    /** The command line, for tests that read what it prints. */
    public static CommandLine commandLine() {
        return new CommandLine(new LoadClient()).setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            // what can go wrong on a good command line (a folder that cannot be written, a file that cannot be
            // read) is said in one line; anything else is a bug, and its stack trace is wanted
            if (!(e instanceof UncheckedIOException || e instanceof JacksonException
                    || e instanceof IllegalArgumentException)) {
                e.printStackTrace(commandLine.getErr());
            }
            commandLine.getErr().println(commandLine.getColorScheme().errorText("client-load: " + e.getMessage()));
            return ExitCodes.COULD_NOT_RUN;
        });
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: run, report, verify, chaos or probe");
    }
}
