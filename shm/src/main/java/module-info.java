/**
 * Panamax shared segments: named arrays, stored as {@code .npy} files, that several processes map at once;
 * listing and collection of orphans; cross-process atomics, queues, locks and semaphores.
 *
 * <p>{@code dev.panamax.shm.internal} is the mapping SPI that other Panamax modules implement (the Chronicle
 * backend, found through {@link java.util.ServiceLoader}) and the one list of Chronicle's JVM flags.
 */
@SuppressWarnings("module") // dev.panamax.chronicle is built after it, so javac cannot see it yet
module dev.panamax.shm {
    requires transitive dev.panamax.core;

    exports dev.panamax.shm;
    exports dev.panamax.shm.internal to dev.panamax.chronicle;

    uses dev.panamax.shm.internal.MappingProvider;
}
