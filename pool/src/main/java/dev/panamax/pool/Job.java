package dev.panamax.pool;

import dev.panamax.pool.internal.Wire;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/**
 * One dispatch to one worker: a task class and one or more argument sets (a chunk of {@code map}), each with
 * its own future. Mutable fields are guarded by the pool's lock.
 */
final class Job {
    final long id;
    final String className;
    final List<Object[]> argSets;
    final List<CompletableFuture<Object>> futures;
    final Duration timeout;
    final boolean retriable;
    final boolean initializer;
    int attempts;
    ScheduledFuture<?> timeoutHandle;

    Job(long id, String className, List<Object[]> argSets, Duration timeout, boolean retriable, boolean initializer) {
        this.id = id;
        this.className = className;
        this.argSets = argSets;
        this.timeout = timeout;
        this.retriable = retriable;
        this.initializer = initializer;
        this.futures = new ArrayList<>(argSets.size());
        for (int i = 0; i < argSets.size(); i++) {
            futures.add(new CompletableFuture<>());
        }
    }

    /** True when every future is already complete (the caller cancelled them): nothing left to run. */
    boolean abandoned() {
        for (CompletableFuture<Object> f : futures) {
            if (!f.isDone()) {
                return false;
            }
        }
        return true;
    }

    void failAll(Throwable t) {
        for (CompletableFuture<Object> f : futures) {
            f.completeExceptionally(t);
        }
    }

    void cancelAll() {
        for (CompletableFuture<Object> f : futures) {
            f.cancel(false);
        }
    }

    /**
     * Waits for a future of this pool and unwraps its failure: the task's own {@link RuntimeException}
     * ({@link RemoteTaskException}, {@link WorkerCrashedException}, ...) is thrown as it is.
     */
    static Object await(CompletableFuture<Object> f) {
        try {
            return f.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    String describe() {
        return argSets.size() == 1 ? "task " + className : "chunk of " + argSets.size() + " tasks " + className;
    }

    Wire.Frame encode() {
        Wire.Frame f = new Wire.Frame(Wire.JOB);
        try {
            f.data.writeLong(id);
            f.data.writeByte(initializer ? Wire.FLAG_INITIALIZER : 0);
            Wire.writeString(f.data, className);
            f.data.writeInt(argSets.size());
            for (Object[] args : argSets) {
                f.data.writeInt(args.length);
                for (Object a : args) {
                    Wire.writeValue(f.data, a);
                }
            }
        } catch (java.io.IOException e) {
            throw new AssertionError("in-memory write failed", e);
        }
        return f;
    }
}
