package dev.grpo.cli.logprobs;

import ai.djl.Device;
import dev.grpo.cli.options.DeviceOptions;
import dev.grpo.cli.options.ModelOptions;
import dev.grpo.policy.ModelDirectory;
import dev.grpo.policy.PolicyModel;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code grpo logprobs}: teacher-forced log-probs of given completions, to compare with a generator's or learner's. */
@Command(name = "logprobs",
        headerHeading = "%n",
        header = "Teacher-forced log-probs of given completions (JSON lines in and out), to compare with the "
                + "generator's behaviour log-probs and the learner's.",
        descriptionHeading = "%n",
        description = {"Teacher-forced log-probs: for each input line {\"id\", \"prompt\", \"completion\"} the prompt "
                + "and the completion are tokenised each on its own, raw (no chat template, no BOS/EOS added), "
                + "concatenated and run through one forward pass; each output line holds {\"id\", \"prompt_ids\", "
                + "\"completion_ids\", \"logprobs\"}, logprobs[j] = log softmax(logits / T) over the whole vocabulary "
                + "at the position that predicts completion_ids[j] (the behaviour log-prob convention). A malformed "
                + "line gets {\"id\", \"error\"} and the rest go on."})
public final class LogprobsCommand implements Callable<Integer> {

    private static final int PROGRESS_EVERY = 100;

    @Spec
    private CommandSpec spec;

    @Mixin
    private ModelOptions model;

    @Option(names = "--in", required = true, paramLabel = "FILE.jsonl", description = "The lines to score.")
    private Path in;

    @Option(names = "--out", required = true, paramLabel = "FILE.jsonl", description = "Where the answers go.")
    private Path out;

    @Option(names = "--temperature", defaultValue = "1.0", paramLabel = "T",
            description = "The sampling temperature the completions were drawn at; 0 means 1, as for greedy "
                    + "decoding (default: ${DEFAULT-VALUE}).")
    private float temperature;

    @Mixin
    private DeviceOptions device;

    @Override
    public Integer call() throws IOException {
        if (!(temperature >= 0)) {
            throw new ParameterException(spec.commandLine(), "--temperature must be >= 0, got " + temperature);
        }
        if (!Files.isRegularFile(in)) {
            throw new ParameterException(spec.commandLine(), "--in " + in + " is not a file");
        }
        Device on = device.device();
        ModelDirectory directory = ModelDirectory.open(model.required());
        PrintWriter err = spec.commandLine().getErr();
        long lines = 0;
        long errors = 0;
        long started = System.nanoTime();
        try (directory; PolicyModel policy = directory.load(on);
             BufferedReader reader = Files.newBufferedReader(in, StandardCharsets.UTF_8);
             BufferedWriter writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            TeacherForcing forcing = new TeacherForcing(policy, directory.tokenizer(), temperature);
            long lineNumber = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                var answer = forcing.score(lineNumber, line);
                errors += answer.has("error") ? 1 : 0;
                writer.write(answer.toString());
                writer.newLine();
                if (++lines % PROGRESS_EVERY == 0) {
                    err.printf("logprobs: %d lines%n", lines);
                    err.flush();
                }
            }
        } catch (NoSuchFileException e) {
            throw new ParameterException(spec.commandLine(), "cannot write " + e.getFile());
        }
        spec.commandLine().getOut().printf("logprobs: %d lines (%d with an error) in %.1f s -> %s%n", lines, errors,
                (System.nanoTime() - started) / 1e9, out);
        return 0;
    }
}
