package dev.panamax.pool;

/**
 * What a {@link Task} knows about the worker it runs in. One context per worker process; it lives as long as
 * the worker, so tasks may use it to reach state set up by the pool's initializer task.
 */
public interface TaskContext {
    /** @return the id the pool gave this worker (0, 1, ...; a replacement worker gets a new id) */
    int workerId();

    /** @return the process id of this worker */
    long pid();

    /**
     * Per-worker state for tasks to share, for example what the pool's initializer prepared. The map is used by
     * one task at a time (a worker runs one task at a time), so it needs no locking.
     *
     * @return the worker's mutable attribute map
     */
    java.util.Map<String, Object> attributes();
}
