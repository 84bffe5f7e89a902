package dev.panamax.pool;

import java.time.Duration;
import java.util.Objects;

/**
 * Per-submission settings: a timeout and whether the task may be retried after a worker crash. Immutable; each
 * method returns a changed copy.
 *
 * {@snippet :
 * pool.submit(TaskOptions.defaults().timeout(Duration.ofSeconds(5)).idempotent(true), MyTask.class, 42L);
 * }
 */
public final class TaskOptions {
    private static final TaskOptions DEFAULTS = new TaskOptions(null, null);

    private final Duration timeout;
    private final Boolean idempotent;

    private TaskOptions(Duration timeout, Boolean idempotent) {
        this.timeout = timeout;
        this.idempotent = idempotent;
    }

    /** {@return options that use the pool's timeout and the task class's {@link Idempotent} annotation} */
    public static TaskOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Sets a timeout, measured from the moment a worker receives the task (time spent queued does not count).
     * For {@code map} with a chunk size above 1 it applies to each chunk.
     *
     * @param timeout a positive duration
     * @return the changed options
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     */
    public TaskOptions timeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        return new TaskOptions(timeout, idempotent);
    }

    /**
     * Declares whether the task may run again on a replacement worker after its worker crashed (overrides the
     * {@link Idempotent} annotation).
     *
     * @param idempotent true to retry once after a crash
     * @return the changed options
     */
    public TaskOptions idempotent(boolean idempotent) {
        return new TaskOptions(timeout, idempotent);
    }

    Duration timeoutOr(Duration poolDefault) {
        return timeout != null ? timeout : poolDefault;
    }

    boolean idempotentFor(Class<?> taskClass) {
        return idempotent != null ? idempotent : taskClass.isAnnotationPresent(Idempotent.class);
    }
}
