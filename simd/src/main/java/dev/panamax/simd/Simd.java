package dev.panamax.simd;

/**
 * What the kernels run on in this JVM. The choice is made once, on first use of {@link Kernels#simd()} or of this
 * class, and logged (one WARNING line on logger {@code dev.panamax.simd}) when it falls back to scalar.
 *
 * {@snippet :
 * System.out.println(Simd.describe());
 * // implementation: vector (jdk.incubator.vector is present and C2 is enabled)
 * // preferred species: 256 bits; lanes: float64=4 float32=8 int64=4 int32=8
 * // FMA: yes (UseFMA=true)
 * }
 */
public final class Simd {
    private Simd() {
    }

    /**
     * A multi-line, human-readable capability report: the implementation chosen and why, the preferred vector size
     * in bits, lanes per element type, whether fused multiply-add is used, the CPU architecture and the JVM.
     *
     * @return the report, lines separated by {@code '\n'}
     */
    public static String describe() {
        KernelSupport s = KernelProvider.support();
        NarrowSupport n = KernelProvider.narrowSupport();
        return "implementation: " + s.name() + " (" + KernelProvider.reason() + ")\n"
                + s.capabilities() + "\n"
                + "int8, uint8, int16: " + (n == NarrowScalarSupport.INSTANCE ? "scalar" : "vector") + " ("
                + KernelProvider.narrowReason() + ")\n"
                + "cpu: " + System.getProperty("os.arch") + ", " + Runtime.getRuntime().availableProcessors()
                + " processors; jvm: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version")
                + " (" + System.getProperty("java.vm.info") + ")";
    }

    /**
     * Input size, in bytes, from which the vector in-range counts run their streaming loop: this CPU's share of the
     * last-level cache as Linux reports it, and at least 1 MiB (where the other kernels' streaming loops start).
     * Smaller inputs run the cached loop. A program that warms the kernels up before timing or serving them needs
     * an input at least this large to compile the streaming loop too.
     *
     * @return bytes, at least {@code 1 << 20}
     */
    public static long countStreamingBytes() {
        return CacheShare.COUNT_STREAM_BYTES;
    }

    /**
     * {@return {@code true} if {@link Kernels#simd()} runs the Vector API kernels, {@code false} if it fell back to
     * the scalar loops}
     */
    public static boolean vectorized() {
        return KernelProvider.support() != ScalarSupport.INSTANCE;
    }
}
