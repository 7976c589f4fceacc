package dev.grpo.coderewards.internal.sandbox;

import java.util.List;

/**
 * A sandbox process and everything it started. Killing bubblewrap alone would be enough (its PID-1 dies with it,
 * and the kernel then kills the whole PID namespace); killing the descendants seen from the host as well means a
 * process that somehow left the namespace's tree still goes.
 */
final class ProcessTree {

    private final ProcessHandle root;

    ProcessTree(ProcessHandle root) {
        this.root = root;
    }

    /** Sends SIGKILL to the root and every descendant (listed first: once the root is gone they are re-parented). */
    void kill() {
        List<ProcessHandle> descendants = root.descendants().toList();
        root.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
    }
}
