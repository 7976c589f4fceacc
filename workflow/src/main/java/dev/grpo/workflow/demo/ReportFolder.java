package dev.grpo.workflow.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;

/** Writes a run's report into its folder: {@code report.json}, one PNG per plot and {@code report.html} showing them. */
public final class ReportFolder {

    /** The plots, by file name, in the order the page shows them. */
    public static final List<String> PLOTS = List.of("accuracy.png", "reward.png", "length.png",
            "language-consistency.png", "staleness.png");

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private final Path folder;

    /** A report in {@code folder}. */
    public ReportFolder(Path folder) {
        this.folder = folder;
    }

    /** Writes every file of the report. */
    public void write(DemoReport report) {
        System.setProperty("java.awt.headless", "true");
        try {
            Files.createDirectories(folder);
            JSON.writeValue(folder.resolve("report.json").toFile(), report);
            save(accuracy(report), PLOTS.get(0));
            save(lineChart("Mean reward", "reward", "mean reward", report.curve(), StepPoint::meanReward), PLOTS.get(1));
            save(lineChart("Mean completion length", "tokens", "mean length", report.curve(), StepPoint::meanLength), PLOTS.get(2));
            save(lineChart("Language consistency", "share of reasoning words in English", "language consistency", report.curve(),
                    StepPoint::languageConsistency), PLOTS.get(3));
            save(staleness(report), PLOTS.get(4));
            Files.writeString(folder.resolve("report.html"), page(report));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report into " + folder + ": " + e.getMessage(), e);
        }
    }

    private static XYChart accuracy(DemoReport report) {
        XYChart chart = lineChart("Accuracy", "accuracy", "training rollouts", report.curve(), StepPoint::accuracy);
        chart.addSeries("held-out pass@1 (T 0.6)", new double[] {0, report.steps()},
                new double[] {report.baseAccuracy(), report.finalAccuracy()});
        return chart;
    }

    private static XYChart lineChart(String title, String yLabel, String series, List<StepPoint> curve,
                                     ToDoubleFunction<StepPoint> metric) {
        XYChart chart = new XYChartBuilder().width(720).height(400).title(title).xAxisTitle("learner step")
                .yAxisTitle(yLabel).build();
        double[] x = curve.stream().mapToDouble(StepPoint::step).toArray();
        double[] y = curve.stream().mapToDouble(metric).toArray();
        chart.addSeries(series, x.length == 0 ? new double[] {0} : x, y.length == 0 ? new double[] {0} : y);
        return chart;
    }

    private static CategoryChart staleness(DemoReport report) {
        CategoryChart chart = new CategoryChartBuilder().width(720).height(400)
                .title("Staleness of trained samples (bound " + report.maxStaleness() + ")")
                .xAxisTitle("learner version - policy version").yAxisTitle("samples").build();
        List<Long> keys = new ArrayList<>(report.stalenessHistogram().keySet());
        List<Integer> counts = keys.stream().map(report.stalenessHistogram()::get).toList();
        chart.addSeries("samples", keys.isEmpty() ? List.of(0L) : keys, counts.isEmpty() ? List.of(0) : counts);
        return chart;
    }

    private void save(Chart<?, ?> chart, String name) throws IOException {
        BitmapEncoder.saveBitmap(chart, folder.resolve(name).toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static String page(DemoReport report) {
        StringBuilder images = new StringBuilder();
        PLOTS.forEach(plot -> images.append("<img src=\"").append(plot).append("\" alt=\"").append(plot).append("\">\n"));
        return String.format(Locale.ROOT, """
                <!doctype html>
                <html><head><meta charset="utf-8"><title>grpo demo report</title>
                <style>body{font-family:sans-serif;max-width:1480px;margin:2em auto}img{max-width:720px;margin:4px}
                td,th{padding:2px 12px;text-align:right}</style></head><body>
                <h1>grpo demo</h1>
                <table>
                <tr><th></th><th>base</th><th>final</th></tr>
                <tr><td>held-out pass@1</td><td>%.1f %%</td><td>%.1f %%</td></tr>
                <tr><td>held-out cons@%d</td><td>%.1f %%</td><td>%.1f %%</td></tr>
                <tr><td>mean length (first / last 10 %% of steps)</td><td>%.1f</td><td>%.1f</td></tr>
                <tr><td>language consistency (first / last 10 %% of steps)</td><td>%.3f</td><td>%.3f</td></tr>
                </table>
                <p>%d steps in %.0f s; staleness bound %d, largest observed %d, %d samples refused as stale;
                language-consistency reward %s; %d rejection-sampled SFT examples on grpo.sft.</p>
                <p>Time of each stage while training: %s.</p>
                %s</body></html>
                """, 100 * report.baseAccuracy(), 100 * report.finalAccuracy(), report.base().k(),
                100 * report.base().consAtK(), 100 * report.finalEval().consAtK(), report.meanLengthFirst(),
                report.meanLengthLast(), report.languageConsistencyFirst(), report.languageConsistencyLast(),
                report.steps(), report.wallSeconds(), report.maxStaleness(), report.maxStalenessObserved(),
                report.staleDropped(), report.languageReward() ? "on" : "off (measured only)", report.sftExamples(),
                DemoStages.table(report.stageTimes()).replace("\n", "; "), images);
    }
}
