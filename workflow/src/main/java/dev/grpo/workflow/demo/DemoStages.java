package dev.grpo.workflow.demo;

import dev.grpo.schemas.StageTime;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * The demo's stages whose busy and idle time the progress line, the summary and the report show: the learner and
 * each generator, in the order they joined. Stages join while the run starts; reading is safe from any thread.
 */
final class DemoStages {

    /** The learner's name in the report. */
    static final String LEARNER = "learner";

    private final CopyOnWriteArrayList<Map.Entry<String, Supplier<StageTime>>> stages = new CopyOnWriteArrayList<>();

    /** Adds a stage reporting its time through {@code time}. */
    void add(String name, Supplier<StageTime> time) {
        stages.add(Map.entry(name, time));
    }

    /** @return each stage's time so far, by name */
    Map<String, StageTime> times() {
        Map<String, StageTime> times = new LinkedHashMap<>();
        stages.forEach(stage -> times.put(stage.getKey(), stage.getValue().get()));
        return times;
    }

    /** @return e.g. {@code busy: learner 63 %, generators 81 %}; the generators' times are added up */
    String busyShares() {
        StageTime learner = StageTime.ZERO;
        StageTime generators = StageTime.ZERO;
        for (Map.Entry<String, StageTime> stage : times().entrySet()) {
            if (stage.getKey().equals(LEARNER)) {
                learner = stage.getValue();
            } else {
                generators = generators.plus(stage.getValue());
            }
        }
        return String.format(Locale.ROOT, "busy: learner %3.0f %%, generators %3.0f %%", 100 * learner.busyShare(),
                100 * generators.busyShare());
    }

    /** @return one line per stage, e.g. {@code learner: busy 12.3 s, idle 4.5 s (73 % busy)} */
    static String table(Map<String, StageTime> times) {
        StringBuilder lines = new StringBuilder();
        times.forEach((name, time) -> lines.append(name).append(": ").append(time.summary()).append('\n'));
        return lines.toString().stripTrailing();
    }
}
