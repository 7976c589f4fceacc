package dev.grpo.policy;

import java.nio.file.Path;

/** A checkpoint cannot be written, or cannot be loaded because it is missing, corrupt or does not fit the model. */
public final class CheckpointException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Problem {
        /** The directory or one of its files does not exist. */
        MISSING_FILE,
        /** The weights' sha256 differs from the one recorded next to them. */
        CHECKSUM_MISMATCH,
        /** A file is not in the expected format (config JSON, checksum line, safetensors header). */
        MALFORMED,
        /** The checkpoint's config differs from the config of the model it is loaded into. */
        CONFIG_MISMATCH,
        /** A tensor's shape differs from the model parameter's shape. */
        SHAPE_MISMATCH,
        /** A config asks for an architecture or maths that is not implemented (the message names the key). */
        UNSUPPORTED_MODEL,
        /** A tensor has a dtype the layout does not allow (own: F32; Hugging Face: F32, BF16, F16). */
        UNSUPPORTED_DTYPE,
        /** The model has a parameter the file lacks. */
        MISSING_TENSOR,
        /** The file has a tensor the model lacks. */
        UNEXPECTED_TENSOR,
        /** Reading or writing failed. */
        IO
    }

    private final Problem problem;
    private final transient Path directory;

    /**
     * @param problem what went wrong
     * @param directory the checkpoint directory
     * @param detail what exactly, for the message
     * @param cause the underlying failure, or null
     */
    public CheckpointException(Problem problem, Path directory, String detail, Throwable cause) {
        super("checkpoint " + directory + ": " + problem + ": " + detail, cause);
        this.problem = problem;
        this.directory = directory;
    }

    /** @return what went wrong */
    public Problem problem() {
        return problem;
    }

    /** @return the checkpoint directory */
    public Path directory() {
        return directory;
    }
}
