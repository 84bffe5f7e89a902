package dev.panamax.pool;

/**
 * A unit of work that runs in a worker JVM.
 *
 * <p>An implementation is a public, non-abstract, top-level (or static nested) class with a public no-argument
 * constructor, on the class path the workers share with the parent: the parent sends only the class name and
 * the arguments, and the worker creates a fresh instance for every call. Arguments and results are small
 * values: {@code null}, {@link Boolean}, {@link Integer}, {@link Long}, {@link Double}, {@link String}, and
 * primitive arrays ({@code byte[]}, {@code int[]}, {@code long[]}, {@code float[]}, {@code double[]}) of at
 * most {@value WorkerPool#MAX_ARRAY_ELEMENTS} elements. Large data never travels with a task: name a shared
 * segment and a range instead, and open the segment in the task.
 *
 * {@snippet :
 * public final class SquareTask implements Task {
 *     @Override
 *     public Object call(TaskContext ctx, Object[] args) {
 *         long x = (Long) args[0];
 *         return x * x;
 *     }
 * }
 * // in the parent:
 * Object r = pool.submit(SquareTask.class, 12L).join();   // 144L
 * }
 */
@FunctionalInterface
public interface Task {
    /**
     * Runs the task in a worker.
     *
     * @param ctx  the worker this call runs in (its id, its segment cache)
     * @param args the arguments given to {@code submit}/{@code map}, decoded in the worker
     * @return a result of one of the supported kinds (see the class comment)
     * @throws Exception anything: the caller's future fails with a {@link RemoteTaskException} that carries its
     *                   type, message and stack trace
     */
    Object call(TaskContext ctx, Object[] args) throws Exception;
}
