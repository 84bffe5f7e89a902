package dev.panamax.pool;

import java.time.Duration;

/**
 * A task ran longer than its timeout ({@link WorkerPool.Builder#taskTimeout}, {@link TaskOptions#timeout}). The
 * pool killed the worker running it (a JVM cannot stop a running thread safely) and started a replacement; the
 * other workers' tasks are unaffected.
 */
public final class TaskTimeoutException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The timeout the task ran past. */
    private final Duration timeout;
    /** The pool's id of the worker that ran it. */
    private final int workerId;
    /** That worker's process id. */
    private final long pid;

    TaskTimeoutException(String message, Duration timeout, int workerId, long pid) {
        super(message);
        this.timeout = timeout;
        this.workerId = workerId;
        this.pid = pid;
    }

    /** {@return the timeout the task exceeded} */
    public Duration timeout() {
        return timeout;
    }

    /** {@return the pool's id of the worker that was killed} */
    public int workerId() {
        return workerId;
    }

    /** {@return the process id of the worker that was killed} */
    public long pid() {
        return pid;
    }
}
