package dev.grpo.cli.options;

import dev.grpo.policy.IntraOpThreads;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * PyTorch's intra-op threads for the model a command runs, {@code --torch-threads N}
 * ({@code @Mixin TorchThreadOptions threads = new TorchThreadOptions(1);}). Each command picks its default: the
 * launcher pins one thread (distribution/src/conf/jvm.options) because generators and reward apps share the cores,
 * while a learner running alone takes every core unless told otherwise.
 */
public final class TorchThreadOptions {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(names = "--torch-threads", paramLabel = "N",
            description = "PyTorch intra-op threads of each thread that runs the model (default: ${DEFAULT-VALUE}).")
    private int threads;

    /** @param threads the count when {@code --torch-threads} is not given */
    public TorchThreadOptions(int threads) {
        this.threads = threads;
    }

    /** @return a mixin whose default is every processor this JVM may use, for a stage that runs alone */
    public static TorchThreadOptions everyProcessor() {
        return new TorchThreadOptions(Runtime.getRuntime().availableProcessors());
    }

    /**
     * @return the count given, or the command's default
     * @throws ParameterException naming the count when it is below 1
     */
    public int count() {
        if (threads < 1) {
            throw new ParameterException(command.commandLine(), "PyTorch threads must be >= 1, got " + threads);
        }
        return threads;
    }

    /**
     * Sets the count for the operators the calling thread runs from now on (loading the PyTorch engine first if need
     * be, since loading it sets the launcher's count). PyTorch keeps the count per OS thread, so call it on the thread
     * that runs the model; a stage that samples on threads of its own takes {@link #count()} instead.
     *
     * @throws ParameterException naming the count when it is below 1
     */
    public void apply() {
        IntraOpThreads.set(count());
    }
}
