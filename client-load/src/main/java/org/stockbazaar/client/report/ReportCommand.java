package org.stockbazaar.client.report;

import static org.stockbazaar.client.cli.Usage.require;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.stockbazaar.client.results.ResultsFolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "report", sortOptions = false, mixinStandardHelpOptions = true,
        header = "Render raw results into PNG charts and report.md.",
        description = {
            "The report has tables, charts and verdicts. It reads only the files 'run' and 'verify' wrote, so it "
                    + "can be rendered again from old results.",
            "",
            "Runs that swept more than one p share the latency-against-p charts (e.g. cache on against cache "
                    + "off); every run gets its tables and a latency-over-time chart with its events marked."},
        footer = {"", "Example:",
            "  client-load report results/cache-on results/cache-off --out results"})
public final class ReportCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "RESULTS",
            description = "Raw results folders written by 'run', in the order to show them.")
    private List<Path> folders;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR",
            description = "Where to write report.md and the PNGs. Default: the first RESULTS folder.")
    private Path out;

    @Option(names = "--notes", paramLabel = "FILE",
            description = "Markdown to put at the top of the report (e.g. how the stack was run).")
    private Path notes;

    @Override
    public Integer call() {
        for (Path folder : folders) {
            require(spec, new ResultsFolder(folder).holdsRun(),
                    folder + " holds no run (no " + ResultsFolder.RUN + ")");
        }
        List<ResultsFolder.RunData> runs = folders.stream().map(folder -> new ResultsFolder(folder).read()).toList();
        Path report = new Report(runs, out != null ? out : folders.get(0), readNotes()).write();
        spec.commandLine().getOut().println("Report: " + report);
        return 0;
    }

    private String readNotes() {
        try {
            return notes == null ? null : Files.readString(notes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read --notes " + notes, e);
        }
    }
}
