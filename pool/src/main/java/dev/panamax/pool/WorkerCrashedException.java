package dev.panamax.pool;

/**
 * The worker JVM running a task died before it answered: {@code System.exit}, {@code kill -9}, an
 * {@code OutOfMemoryError} (workers run with {@code -XX:+ExitOnOutOfMemoryError}, exit code 3), a JVM crash.
 * Only the tasks that worker was running fail; the pool replaces the worker and goes on.
 */
public final class WorkerCrashedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int workerId;
    private final long pid;
    private final int exitCode;

    /**
     * @param workerId the pool's id of the dead worker
     * @param pid      its process id
     * @param exitCode its exit status as {@link Process#exitValue()} reports it (128 + n for signal n)
     * @param message  the full message
     */
    WorkerCrashedException(int workerId, long pid, int exitCode, String message) {
        super(message);
        this.workerId = workerId;
        this.pid = pid;
        this.exitCode = exitCode;
    }

    /** @return the pool's id of the worker that died */
    public int workerId() {
        return workerId;
    }

    /** @return the process id of the worker that died */
    public long pid() {
        return pid;
    }

    /** @return its exit status as {@link Process#exitValue()} reports it; above 128 it was killed by a signal */
    public int exitCode() {
        return exitCode;
    }

    /** @return the signal that killed the worker ({@code exitCode - 128}, e.g. 9 for SIGKILL), or 0 if it exited */
    public int signal() {
        return signalOf(exitCode);
    }

    static int signalOf(int exitCode) {
        return exitCode > 128 ? exitCode - 128 : 0;
    }

    /** "exit code 3" or "signal 9 (SIGKILL)". */
    static String describeExit(int exitCode) {
        int sig = signalOf(exitCode);
        if (sig == 0) {
            return exitCode == 3 ? "exit code 3 (OutOfMemoryError: workers exit on OOM)" : "exit code " + exitCode;
        }
        String name = switch (sig) {
            case 9 -> " (SIGKILL)";
            case 15 -> " (SIGTERM)";
            case 11 -> " (SIGSEGV)";
            case 6 -> " (SIGABRT)";
            case 7 -> " (SIGBUS)";
            default -> "";
        };
        return "signal " + sig + name;
    }
}
