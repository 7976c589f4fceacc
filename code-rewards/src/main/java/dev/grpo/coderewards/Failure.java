package dev.grpo.coderewards;

/** Why a submitted program did not pass, as a reward consumer reports it. */
public enum Failure {
    /** Every test passed. */
    NONE,
    /** The completion holds no program: no fenced code block and no answer. */
    NO_PROGRAM,
    /** The program does not compile (for Python: a SyntaxError, IndentationError or TabError). */
    COMPILE_ERROR,
    /** The program raised an error or exited with a status other than 0 on a stdin/stdout test. */
    RUNTIME_ERROR,
    /** The program printed something else than the expected output, or an assertion failed. */
    WRONG_ANSWER,
    /** The program ran past its time limit. */
    TIMEOUT,
    /** The program ran out of memory. */
    MEMORY,
    /** The program wrote more output than the cap allows. */
    OUTPUT_LIMIT,
    /** A signal no limit explains ended the program. */
    KILLED,
    /** The sandbox could not run the program: not the program's fault, so it must not be scored. */
    SANDBOX_ERROR
}
