package dev.panamax.pool;

import java.nio.file.Path;

/**
 * The worker JVM running a task died before it answered: {@code System.exit}, {@code kill -9}, an
 * {@code OutOfMemoryError} (workers run with {@code -XX:+ExitOnOutOfMemoryError}: exit code 3, and the message
 * says OutOfMemoryError only when the worker's stderr did), a JVM crash (its {@link #errorReport()}).
 * Only the tasks that worker was running fail; the pool replaces the worker and goes on.
 */
public final class WorkerCrashedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The pool's id of the dead worker. */
    private final int workerId;
    /** Its process id. */
    private final long pid;
    /** Its exit code (128 + signal when a signal killed it). */
    private final int exitCode;
    private final transient Path errorReport;

    /**
     * @param workerId the pool's id of the dead worker
     * @param pid      its process id
     * @param exitCode its exit status as {@link Process#exitValue()} reports it (128 + n for signal n)
     * @param errorReport the JVM's crash report, or null
     * @param message  the full message
     */
    WorkerCrashedException(int workerId, long pid, int exitCode, Path errorReport, String message) {
        super(message);
        this.workerId = workerId;
        this.pid = pid;
        this.exitCode = exitCode;
        this.errorReport = errorReport;
    }

    /** {@return the pool's id of the worker that died} */
    public int workerId() {
        return workerId;
    }

    /** {@return the process id of the worker that died} */
    public long pid() {
        return pid;
    }

    /** {@return its exit status as {@link Process#exitValue()} reports it; above 128 it was killed by a signal} */
    public int exitCode() {
        return exitCode;
    }

    /** {@return the signal that killed the worker ({@code exitCode - 128}, e.g. 9 for SIGKILL), or 0 if it exited} */
    public int signal() {
        return WorkerCrash.signalOf(exitCode);
    }

    /** {@return the JVM's crash report ({@code hs_err_pid<pid>.log}) if the worker wrote one, else {@code null}} */
    public Path errorReport() {
        return errorReport;
    }
}
