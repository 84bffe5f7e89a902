/**
 * Panamax worker pool: worker JVMs attached to shared segments, with task dispatch, results, errors, crash
 * handling, and the built-in kernels split across workers.
 *
 * <p>The worker's side ({@code dev.panamax.pool.internal}, its main class {@code WorkerMain} among them) is not
 * exported: the pool starts it by name. A task class must be public with a public no-argument constructor, and on
 * the module path its package must be exported (at least to {@code dev.panamax.pool}), since a worker creates it
 * reflectively.
 */
module dev.panamax.pool {
    requires transitive dev.panamax.core;
    requires transitive dev.panamax.shm;
    requires dev.panamax.simd;

    exports dev.panamax.pool;
}
