package dev.panamax.shm;

import java.time.Instant;
import java.util.Optional;

/**
 * Identifies a process across pid reuse: its pid and its start instant (as {@link ProcessHandle.Info} reports
 * it; on Linux, from {@code /proc/<pid>/stat}, so two JVMs compute the same instant for the same process).
 */
record Creator(long pid, Instant start) {
    static final Creator SELF = new Creator(ProcessHandle.current().pid(),
            ProcessHandle.current().info().startInstant().orElse(null));

    /**
     * @return whether the process still runs: the pid exists and, when both start instants are known, it started
     *         at the recorded instant (otherwise the pid was reused by another process)
     */
    boolean alive() {
        if (pid <= 0) {
            return false;
        }
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        if (h.isEmpty() || !h.get().isAlive()) {
            return false;
        }
        if (start == null) {
            return true;
        }
        Optional<Instant> actual = h.get().info().startInstant();
        return actual.isEmpty() || actual.get().equals(start);
    }
}
