package dev.panamax.simd;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;

/**
 * Picks the kernel implementation once, when first used: the Vector API kernels ({@code VectorSupport}, loaded by
 * name so that nothing else in Panamax links against {@code jdk.incubator.vector}) if the module is present and C2
 * will compile them, otherwise the scalar kernels, with exactly one log line that says why and how to fix it.
 * Vector API code run by the interpreter or C1 is far slower than a plain loop, hence the C2 check.
 */
final class KernelProvider {
    static final String VECTOR_CLASS = "dev.panamax.simd.VectorSupport";
    static final String FIX = "pass --add-modules jdk.incubator.vector (and do not limit the JIT with -Xint or "
            + "-XX:TieredStopAtLevel below 4)";

    static final String NARROW_VECTOR_CLASS = "dev.panamax.simd.NarrowVectorCopies";

    private static final KernelSupport SUPPORT;
    private static final String REASON;
    private static final NarrowSupport NARROW;
    private static final String NARROW_REASON;

    static {
        String why = unavailableReason();
        KernelSupport chosen = null;
        if (why == null) {
            try {
                Class<?> c = Class.forName(VECTOR_CLASS);
                chosen = (KernelSupport) MethodHandles.lookup()
                        .findConstructor(c, MethodType.methodType(void.class)).invoke();
            } catch (Throwable e) { // LinkageError or the constructor's UnsupportedOperationException
                why = "the Vector API kernels could not be loaded (" + e + ")";
            }
        }
        if (chosen == null) {
            SUPPORT = ScalarSupport.INSTANCE;
            REASON = why;
            System.getLogger("dev.panamax.simd").log(System.Logger.Level.WARNING,
                    "Panamax kernels run scalar (slow) because " + why + ": " + FIX);
        } else {
            SUPPORT = chosen;
            REASON = "jdk.incubator.vector is present and C2 is enabled";
        }
        // The int8/uint8/int16 kernels follow the main choice: vector only where the main kernels are vector.
        NarrowSupport narrow = NarrowScalarSupport.INSTANCE;
        String narrowWhy = REASON;
        if (chosen != null) {
            try {
                Class<?> c = Class.forName(NARROW_VECTOR_CLASS);
                narrow = (NarrowSupport) MethodHandles.lookup()
                        .findConstructor(c, MethodType.methodType(void.class)).invoke();
            } catch (Throwable e) { // LinkageError or the constructor's UnsupportedOperationException
                narrowWhy = e.getMessage() != null ? e.getMessage() : e.toString();
            }
        }
        NARROW = narrow;
        NARROW_REASON = narrowWhy;
    }

    private KernelProvider() {
    }

    /** @return the implementation chosen for this JVM */
    static KernelSupport support() {
        return SUPPORT;
    }

    /** @return the int8, uint8 and int16 kernels chosen for this JVM */
    static NarrowSupport narrowSupport() {
        return NARROW;
    }

    /** @return why {@link #narrowSupport()} is what it is */
    static String narrowReason() {
        return NARROW_REASON;
    }

    /** @return why {@link #support()} is what it is */
    static String reason() {
        return REASON;
    }

    /** @return why the Vector API kernels cannot be used in this JVM, or {@code null} if they can */
    static String unavailableReason() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return "the jdk.incubator.vector module is not in the boot layer";
        }
        String info = System.getProperty("java.vm.info", "");
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        if (jit == null || info.contains("interpreted mode")) {
            return "the JIT is off (-Xint)";
        }
        HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        if (hotspot != null) {
            try {
                boolean tiered = Boolean.parseBoolean(hotspot.getVMOption("TieredCompilation").getValue());
                int stop = Integer.parseInt(hotspot.getVMOption("TieredStopAtLevel").getValue());
                if (tiered && stop < 4) {
                    return "C2 is disabled (-XX:TieredStopAtLevel=" + stop + ")";
                }
            } catch (IllegalArgumentException e) {
                // Not HotSpot's flag set (another VM): trust its JIT.
            }
        }
        return null;
    }
}
