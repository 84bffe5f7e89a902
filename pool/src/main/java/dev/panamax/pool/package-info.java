/**
 * Panamax pool: worker JVMs attached to shared segments, the JVM's {@code multiprocessing.Pool}.
 * {@link dev.panamax.pool.WorkerPool} starts N workers (same {@code java}, class path and flags), sends them
 * {@link dev.panamax.pool.Task}s over a private framed channel (each worker's stdin and stdout), and runs the
 * built-in SIMD kernels, and your own {@link dev.panamax.pool.RangeKernel}s, over
 * {@link dev.panamax.shm.SharedArray}s in parallel. A task may be a lambda or a method reference: the pool finds the
 * static method it stands for and the worker calls it by name ({@link dev.panamax.pool.WorkerPool#call}, typed by
 * {@link dev.panamax.pool.Remote}). Data never travels through the channel: tasks name segments, workers map them
 * once and cache them.
 *
 * <p>Failures are contained: a throwing task fails its own future ({@link dev.panamax.pool.RemoteTaskException}),
 * a dying worker fails only its task ({@link dev.panamax.pool.WorkerCrashedException}) and is replaced, a task
 * past its timeout kills its worker ({@link dev.panamax.pool.TaskTimeoutException}), and workers exit when
 * their parent dies.
 */
package dev.panamax.pool;
