package dev.panamax.pool;

import dev.panamax.shm.SharedArray;

/**
 * Your own kernel over a range of a shared segment, run in the workers by {@link PoolKernels#forEachRange},
 * {@link PoolKernels#reduceLong} and their siblings: a prange over processes. The segment is cut along its first
 * axis (rows of a 2-D array, elements of a 1-D one) into one range per worker, as the built-in kernels are, and each
 * worker calls the kernel on its range with the segment already open (cached for the worker's life) and the range's
 * pages mapped.
 *
 * <p>A kernel is a lambda or a method reference to a static method (which runs as the static method it stands for,
 * found as {@link WorkerPool#submit(Task, Object...)} finds a task's; it must capture nothing), or an object of a
 * public named class with a public no-argument constructor (the worker makes its own instance). Its class must be on
 * the workers' class path.
 *
 * {@snippet :
 * // per row of an int32 matrix, how many elements lie in [lo, hi], written to the int32 segment named out
 * static Object countRows(TaskContext ctx, SharedArray m, long from, long count, Object[] args) throws IOException {
 *     long lo = (Long) args[0], hi = (Long) args[1];
 *     IntView out = ctx.segment((String) args[2]).asInts();
 *     Matrix<IntView> rows = m.asIntMatrix().rowRange(from, count);
 *     for (long r = 0; r < count; r++) {
 *         IntView row = rows.row(r);
 *         int c = 0;
 *         for (long j = 0; j < row.length(); j++) {
 *             int v = row.get(j);
 *             c += lo <= v && v <= hi ? 1 : 0;
 *         }
 *         out.set(from + r, c);
 *     }
 *     return null;
 * }
 * pool.kernels().forEachRange(matrix, MyKernels::countRows, 4L, 8L, "counts");
 * }
 */
@FunctionalInterface
public interface RangeKernel {
    /**
     * Computes over rows (or elements) {@code [from, from + count)} of {@code array}, in a worker.
     *
     * @param ctx the worker's context (its segment cache: open other segments with {@link TaskContext#segment})
     * @param array the segment, open read-write in this worker; do not close it
     * @param from the first row (or element) of the range
     * @param count the number of rows (or elements), at least 1
     * @param args the arguments given in the caller
     * @return the range's partial result (Boolean, Integer, Long, Double, String, a primitive array, or null)
     * @throws Exception anything: the call fails with a {@link RemoteTaskException}
     */
    Object apply(TaskContext ctx, SharedArray array, long from, long count, Object[] args) throws Exception;
}
