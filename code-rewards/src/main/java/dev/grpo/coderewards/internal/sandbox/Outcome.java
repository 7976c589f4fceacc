package dev.grpo.coderewards.internal.sandbox;

/** How one sandboxed run ended, as far as a reward needs to know. */
public enum Outcome {
    /** The program exited with status 0 within its limits. */
    OK,
    /** The program exited with a status other than 0 (an exception, a failed assertion, a syntax error). */
    NONZERO_EXIT,
    /** The program ran past its wall-clock or CPU time limit and was killed. */
    TIMEOUT,
    /** The program ran out of address space (the interpreter reported it, e.g. Python's MemoryError). */
    MEMORY,
    /** The program wrote more than the output cap to stdout/stderr, or more than the file-size limit to a file. */
    OUTPUT_LIMIT,
    /** The program was ended by a signal that no limit explains (e.g. it killed itself, or crashed). */
    KILLED,
    /** The sandbox itself could not be set up or started; the program may not have run at all. */
    SANDBOX_ERROR
}
