package dev.panamax.pool;

import dev.panamax.shm.SharedArray;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a {@link Task} knows about the worker it runs in. One context per worker process; it lives as long as
 * the worker, so tasks may use it to reach state set up by the pool's initializer task.
 */
public interface TaskContext {
    /** {@return the id the pool gave this worker (0, 1, ...; a replacement worker gets a new id)} */
    int workerId();

    /** {@return the process id of this worker} */
    long pid();

    /**
     * Per-worker state for tasks to share, for example what the pool's initializer prepared. The map is used by
     * one task at a time (a worker runs one task at a time), so it needs no locking.
     *
     * @return the worker's mutable attribute map
     */
    Map<String, Object> attributes();

    /**
     * A shared segment in the pool's directory ({@link WorkerPool.Builder#directory}), opened read-write on first
     * use and cached for the worker's lifetime: later calls cost one {@code stat}, which also notices a segment
     * that was unlinked and re-created under the same name (it is opened again). Do not close it; the worker
     * does when it exits.
     *
     * @param name the segment name
     * @return the open segment
     * @throws dev.panamax.shm.NoSuchSegmentException if there is no such segment
     * @throws IOException if it cannot be opened (see {@link SharedArray#open(String)})
     */
    SharedArray segment(String name) throws IOException;

    /**
     * Like {@link #segment(String)} for a segment in another directory.
     *
     * @param name the segment name
     * @param dir  its directory
     * @return the open segment
     * @throws dev.panamax.shm.NoSuchSegmentException if there is no such segment
     * @throws IOException if it cannot be opened
     */
    SharedArray segment(String name, Path dir) throws IOException;
}
