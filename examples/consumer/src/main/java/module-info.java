/**
 * The consumer as a module: the pool module (which gives it shm and core too) and the kernels, which the pool
 * uses without handing them on. Its package is exported so that Panamax can create its task classes. On the
 * class path this file is ignored.
 */
module example.consumer {
    requires dev.panamax.pool;
    requires dev.panamax.simd;

    exports example.consumer;
}
