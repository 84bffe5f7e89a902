/**
 * Panamax over Chronicle Bytes: typed views and kernels over Chronicle memory, and the Chronicle mapping of
 * Panamax segments ({@code dev.panamax.shm.Backend.CHRONICLE}), which it provides to {@code dev.panamax.shm}.
 * Chronicle Bytes needs {@code Backend.CHRONICLE_JVM_FLAGS} on JDK 25.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"}) // Chronicle 2026.4 has no module-info
module dev.panamax.chronicle {
    requires transitive dev.panamax.core;
    requires dev.panamax.shm;
    requires transitive chronicle.bytes;
    requires chronicle.core;

    exports dev.panamax.chronicle;

    provides dev.panamax.shm.internal.MappingProvider with dev.panamax.chronicle.internal.ChronicleMappingProvider;
}
