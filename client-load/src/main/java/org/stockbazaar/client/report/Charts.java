package org.stockbazaar.client.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.Rectangle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogarithmicAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.stockbazaar.client.api.Stocks;
import org.stockbazaar.client.results.CacheSample;
import org.stockbazaar.client.results.Format;
import org.stockbazaar.client.results.RequestType;
import org.stockbazaar.client.results.ResultsFolder.RunData;
import org.stockbazaar.client.results.RunEvent;
import org.stockbazaar.client.results.RunInfo;

/**
 * The report's PNG charts, drawn with JFreeChart off screen (headless). One class, long only because each chart is
 * a page of JFreeChart set-up: the charts share their colours, strokes and axis styling, which a class per chart
 * would have to pass around or copy.
 */
final class Charts {

    static {
        // off screen, also where a display is set, and when the client runs inside another program (system tests)
        System.setProperty("java.awt.headless", "true");
    }

    private static final int WIDTH = 960;
    private static final Color[] RUN_COLORS = {new Color(31, 119, 180), new Color(255, 127, 14),
            new Color(44, 160, 44), new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194)};
    private static final Map<RequestType, Color> TYPE_COLORS = new EnumMap<>(Map.of(
            RequestType.LOOKUP, new Color(31, 119, 180), RequestType.LOOKUP_HIT, new Color(23, 190, 207),
            RequestType.LOOKUP_MISS, new Color(148, 103, 189), RequestType.TRADE, new Color(255, 127, 14),
            RequestType.QUERY, new Color(44, 160, 44)));
    private static final Color KILL = new Color(214, 39, 40);
    private static final Color RECOVERY = new Color(44, 140, 44);
    private static final BasicStroke SOLID = new BasicStroke(2f);
    private static final BasicStroke DASHED = new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER,
            10f, new float[] {6f, 4f}, 0f);
    private static final BasicStroke THIN = new BasicStroke(1f);

    private Charts() {
    }

    /** Mean (solid) and p99 (dashed) latency of one request type against p, one colour per run. */
    static void latencyAgainstP(RequestType type, List<RunData> runs, Path png) {
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < runs.size(); i++) {
            RunData run = runs.get(i);
            XYSeries mean = new XYSeries(run.label() + " mean");
            XYSeries p99 = new XYSeries(run.label() + " p99");
            run.summary().stream().filter(row -> row.type().equals(type.id) && row.count() > 0).forEach(row -> {
                mean.add(row.p(), row.meanMs());
                p99.add(row.p(), row.p99Ms());
            });
            Color color = RUN_COLORS[i % RUN_COLORS.length];
            style(renderer, data.getSeriesCount(), color, SOLID);
            data.addSeries(mean);
            style(renderer, data.getSeriesCount(), color, DASHED);
            data.addSeries(p99);
        }
        NumberAxis p = new NumberAxis("p (probability of a trade after a lookup)");
        p.setRange(-0.05, 1.05);
        NumberAxis latency = new NumberAxis("latency (ms)");
        XYPlot plot = new XYPlot(data, p, latency, renderer);
        JFreeChart chart = chart(type.id + " (" + type.endpoint + "): mean (solid) and p99 (dashed) latency against p",
                plot, true);
        chart.addSubtitle(new TextTitle(runs.stream().map(run -> run.label() + ": " + shortModel(run.info()))
                .collect(Collectors.joining("; ")), new Font(Font.SANS_SERIF, Font.PLAIN, 12)));
        save(chart, png, 540);
    }

    /**
     * Latency (mean and max per second) of each request type, and answers per second, over the run; the events of
     * the run (replica killed, ready again) and the start of each p step marked.
     */
    static void timeline(RunData run, Path png) {
        NumberAxis time = new NumberAxis("seconds since the run started");
        CombinedDomainXYPlot combined = new CombinedDomainXYPlot(time);
        combined.setGap(8);
        long start = run.info().startEpochMs();
        boolean firstPlot = true;
        for (RequestType type : RequestType.values()) {
            XYSeries mean = new XYSeries(type.id + " mean");
            XYSeries max = new XYSeries(type.id + " max");
            run.timeline().stream().filter(row -> row.type().equals(type.id)).forEach(row -> {
                double t = seconds(row.epochMs(), start);
                // a second with no answer is a gap in the line, not a line drawn across it
                mean.add(t, row.count() > 0 ? Double.valueOf(Math.max(row.meanMs(), 0.001)) : null);
                max.add(t, row.count() > 0 ? Double.valueOf(Math.max(row.maxMs(), 0.001)) : null);
            });
            XYSeriesCollection data = new XYSeriesCollection();
            data.addSeries(mean);
            data.addSeries(max);
            XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
            style(renderer, 0, TYPE_COLORS.get(type), SOLID);
            style(renderer, 1, TYPE_COLORS.get(type).darker(), THIN);
            XYPlot plot = new XYPlot(data, null, logAxis(type.id + " ms"), renderer);
            mark(plot, run, firstPlot);
            firstPlot = false;
            combined.add(plot, 3);
        }
        XYSeriesCollection answers = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        for (RequestType type : RequestType.values()) {
            XYSeries perSecond = new XYSeries(type.id + " answers/s");
            run.timeline().stream().filter(row -> row.type().equals(type.id))
                    .forEach(row -> perSecond.add(seconds(row.epochMs(), start), row.count()));
            style(renderer, answers.getSeriesCount(), TYPE_COLORS.get(type), THIN);
            answers.addSeries(perSecond);
        }
        XYSeries failed = new XYSeries("failed/s");
        Map<Long, Long> failedPerTick = new TreeMap<>();
        run.timeline().forEach(row -> failedPerTick.merge(row.epochMs(), row.failed(), Long::sum));
        failedPerTick.forEach((epochMs, count) -> failed.add(seconds(epochMs, start), count));
        style(renderer, answers.getSeriesCount(), KILL, SOLID);
        answers.addSeries(failed);
        XYPlot throughput = new XYPlot(answers, null, new NumberAxis("answers per second"), renderer);
        mark(throughput, run, false);
        combined.add(throughput, 2);
        JFreeChart chart = chart(run.label() + ": latency over time (mean and max per second, log scale)",
                combined, true);
        chart.addSubtitle(new TextTitle(shortModel(run.info()), new Font(Font.SANS_SERIF, Font.PLAIN, 12)));
        save(chart, png, 900);
    }

    /** The cache's hit rate between samples, and which stocks it held at each sample. */
    static void cache(RunData run, Path png) {
        List<CacheSample> samples = run.cache();
        long start = run.info().startEpochMs();
        XYSeries hitRate = new XYSeries("hit rate between samples (%)");
        for (int i = 1; i < samples.size(); i++) {
            long hits = samples.get(i).hits() - samples.get(i - 1).hits();
            long misses = samples.get(i).misses() - samples.get(i - 1).misses();
            // a restarted front end starts counting again: a negative difference is no interval
            if (hits >= 0 && misses >= 0 && hits + misses > 0) {
                hitRate.add(seconds(samples.get(i).epochMs(), start), 100.0 * hits / (hits + misses));
            }
        }
        XYLineAndShapeRenderer rateRenderer = new XYLineAndShapeRenderer(true, false);
        style(rateRenderer, 0, RUN_COLORS[0], THIN);
        NumberAxis percent = new NumberAxis("hit rate %");
        percent.setRange(0, 100);
        XYPlot rate = new XYPlot(new XYSeriesCollection(hitRate), null, percent, rateRenderer);
        mark(rate, run, true);

        Set<String> names = new LinkedHashSet<>(Stocks.NAMES);
        samples.forEach(sample -> names.addAll(keys(sample)));
        List<String> stocks = new ArrayList<>(names);
        XYSeriesCollection held = new XYSeriesCollection();
        XYLineAndShapeRenderer heldRenderer = new XYLineAndShapeRenderer(false, true);
        for (int s = 0; s < stocks.size(); s++) {
            XYSeries series = new XYSeries(stocks.get(s));
            for (CacheSample sample : samples) {
                if (keys(sample).contains(stocks.get(s))) {
                    series.add(seconds(sample.epochMs(), start), s);
                }
            }
            heldRenderer.setSeriesShape(s, new Rectangle(-2, -4, 4, 8));
            heldRenderer.setSeriesPaint(s, RUN_COLORS[s % RUN_COLORS.length]);
            held.addSeries(series);
        }
        SymbolAxis stockAxis = new SymbolAxis("in the cache", stocks.toArray(String[]::new));
        stockAxis.setGridBandsVisible(false);
        XYPlot contents = new XYPlot(held, null, stockAxis, heldRenderer);
        mark(contents, run, false);

        CombinedDomainXYPlot combined = new CombinedDomainXYPlot(new NumberAxis("seconds since the run started"));
        combined.add(rate, 2);
        combined.add(contents, 3);
        CacheSample last = samples.isEmpty() ? null : samples.get(samples.size() - 1);
        String title = run.label() + ": the front end's cache over time"
                + (last == null ? "" : " (" + last.policy() + ", " + last.capacity() + " entries, sampled)");
        JFreeChart chart = chart(title, combined, false);
        save(chart, png, 640);
    }

    static boolean cacheWasOn(RunData run) {
        return run.cache().stream().anyMatch(CacheSample::enabled);
    }

    private static List<String> keys(CacheSample sample) {
        return sample.keys() == null || sample.keys().isBlank() ? List.of() : List.of(sample.keys().split(" "));
    }

    /** Events as red (a kill) or green (anything else, e.g. ready again) lines; the start of each p step in grey. */
    private static void mark(XYPlot plot, RunData run, boolean withLabels) {
        long start = run.info().startEpochMs();
        List<Double> ps = run.ps();
        if (ps.size() > 1) {
            run.summary().stream().filter(row -> row.type().equals(RequestType.LOOKUP.id)).forEach(row -> {
                ValueMarker marker = marker(seconds(row.startEpochMs(), start), Color.GRAY,
                        withLabels ? "p=" + Format.number(row.p()) : null);
                plot.addDomainMarker(marker);
            });
        }
        List<RunEvent> events = run.events();
        for (int i = 0; i < events.size(); i++) {
            RunEvent event = events.get(i);
            Paint paint = event.isKill() ? KILL : RECOVERY;
            ValueMarker marker = marker(seconds(event.epochMs(), start), paint, withLabels ? event.event() : null);
            // events come seconds apart: each label on its own line, so that neighbours do not overwrite it
            marker.setLabelOffset(new RectangleInsets(3 + 13 * (i % 6), 3, 3, 3));
            plot.addDomainMarker(marker);
        }
    }

    private static ValueMarker marker(double x, Paint paint, String label) {
        ValueMarker marker = new ValueMarker(x, paint, new BasicStroke(1.5f));
        if (label != null) {
            marker.setLabel(label);
            marker.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            marker.setLabelPaint(paint);
            marker.setLabelBackgroundColor(new Color(255, 255, 255, 200));
            marker.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
            marker.setLabelTextAnchor(TextAnchor.TOP_LEFT);
        }
        return marker;
    }

    private static ValueAxis logAxis(String label) {
        LogarithmicAxis axis = new LogarithmicAxis(label);
        axis.setStrictValuesFlag(false);
        axis.setAutoRangeNextLogFlag(true);
        return axis;
    }

    private static void style(XYLineAndShapeRenderer renderer, int series, Color color, BasicStroke stroke) {
        renderer.setSeriesPaint(series, color);
        renderer.setSeriesStroke(series, stroke);
    }

    private static JFreeChart chart(String title, org.jfree.chart.plot.Plot plot, boolean legend) {
        JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 15), plot, legend);
        chart.setBackgroundPaint(Color.WHITE);
        if (plot instanceof XYPlot xy) {
            whiten(xy);
        } else if (plot instanceof CombinedDomainXYPlot combined) {
            combined.getSubplots().forEach(subplot -> whiten((XYPlot) subplot));
        }
        return chart;
    }

    private static void whiten(XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(220, 220, 220));
        plot.setRangeGridlinePaint(new Color(220, 220, 220));
    }

    private static String shortModel(RunInfo info) {
        return info.open() ? "open model, " + Format.number(info.rate()) + " requests/s, latency from the intended send"
                : "closed model, " + info.clients() + " clients, latency from the actual send";
    }

    private static double seconds(long epochMs, long startEpochMs) {
        return (epochMs - startEpochMs) / 1000.0;
    }

    private static void save(JFreeChart chart, Path png, int height) {
        try {
            ChartUtils.saveChartAsPNG(png.toFile(), chart, WIDTH, height);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + png, e);
        }
    }
}
