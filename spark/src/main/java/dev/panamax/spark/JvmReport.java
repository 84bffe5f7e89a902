package dev.panamax.spark;

import java.io.Serial;
import java.io.Serializable;
import java.util.List;

/**
 * What {@link VectorApiCheck} found in one JVM: where it runs, whether Panamax kernels run on the Vector API there,
 * and if not, exactly which flags the JVM lacks or which JIT setting stops them.
 */
public final class JvmReport implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    /** Spark's executor id */
    private final String executorId;
    /** the host name */
    private final String host;
    /** the process id */
    private final long pid;
    /** {@code java.version} */
    private final String javaVersion;
    /** whether the kernels run on the Vector API */
    private final boolean vectorized;
    /**
     * The JVM flags that are missing; an array, not a List: Kryo (a common spark.serializer) cannot rebuild
     *     the JDK's immutable lists
     */
    private final String[] missingFlags;
    /** the kernel implementation's name */
    private final String implementation;

    JvmReport(String executorId, String host, long pid, String javaVersion, boolean vectorized,
              List<String> missingFlags, String implementation) {
        this.executorId = executorId;
        this.host = host;
        this.pid = pid;
        this.javaVersion = javaVersion;
        this.vectorized = vectorized;
        this.missingFlags = missingFlags.toArray(String[]::new);
        this.implementation = implementation;
    }

    /** {@return Spark's executor id: {@code "driver"} for the driver (and local mode), {@code "none"} outside Spark} */
    public String executorId() {
        return executorId;
    }

    /** {@return the host name} */
    public String host() {
        return host;
    }

    /** {@return the process id} */
    public long pid() {
        return pid;
    }

    /** {@return the JVM's {@code java.version}} */
    public String javaVersion() {
        return javaVersion;
    }

    /** {@return whether {@code Kernels.simd()} runs the Vector API kernels in that JVM} */
    public boolean vectorized() {
        return vectorized;
    }

    /**
     * {@return the flags that JVM lacks, exactly as to pass them ({@code --add-modules=jdk.incubator.vector}, {@code --enable-native-access=ALL-UNNAMED}); empty if none}
     *
     */
    public List<String> missingFlags() {
        return List.of(missingFlags);
    }

    /** {@return the kernel implementation and why, as {@code Simd.describe()} says in its first line} */
    public String implementation() {
        return implementation;
    }

    /** {@return {@code true} if kernels run vectorized and no flag is missing} */
    public boolean ok() {
        return vectorized && missingFlags.length == 0;
    }

    @Override
    public String toString() {
        String who = executorId.equals("driver") ? "driver" : "executor " + executorId;
        return who + " (host " + host + ", pid " + pid + ", Java " + javaVersion + "): "
                + (ok() ? "ok, " + implementation
                : (missingFlags.length == 0 ? "" : "missing " + String.join(" ", missingFlags) + "; ") + implementation);
    }
}
