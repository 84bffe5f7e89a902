package dev.panamax.bench;

/** JVM flags every forked benchmark JVM gets, in one place. */
final class BenchFlags {
    /** For {@code @Fork(jvmArgsAppend = ...)}: Vector API, native access, a fixed heap, pre-touched. */
    static final String VECTOR = "--add-modules=jdk.incubator.vector";
    static final String NATIVE = "--enable-native-access=ALL-UNNAMED";

    private BenchFlags() {
    }
}
