package dev.panamax.spark;

import java.io.Serial;
import java.io.Serializable;

/**
 * Where one JVM of the application found a {@link HostBroadcast}, as {@link HostBroadcast#materialize()} reports it:
 * whether the segment was already on that JVM's host or this JVM fetched it, how long that took, and the JVM itself
 * (executor id, host, pid, and whether Panamax kernels run vectorized there).
 */
public final class Placement implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    /** How a JVM got the segment. */
    public enum How {
        /** The segment was on the host (published by the driver, or by another executor): opened by name. */
        OPENED,
        /** No segment was on the host: this JVM fetched the data and published the host's segment. */
        FETCHED
    }

    /** the JVM that got the segment */
    private final JvmReport jvm;
    /** whether it opened or fetched the segment */
    private final How how;
    /** how long it took, in milliseconds */
    private final double millis;
    /** the segment directory on that host */
    private final String directory;

    Placement(JvmReport jvm, How how, double millis, String directory) {
        this.jvm = jvm;
        this.how = how;
        this.millis = millis;
        this.directory = directory;
    }

    /** {@return the JVM: Spark executor id ({@code "driver"} in local mode), host, pid, kernels and missing flags} */
    public JvmReport jvm() {
        return jvm;
    }

    /** {@return whether the segment was opened or fetched} */
    public How how() {
        return how;
    }

    /** {@return milliseconds this JVM took to get the segment the first time: open, or fetch, fill and publish} */
    public double millis() {
        return millis;
    }

    /** {@return the segment directory on that host ({@code PANAMAX_DIR} there, else {@code /dev/shm})} */
    public String directory() {
        return directory;
    }

    @Override
    public String toString() {
        return "executor " + jvm.executorId() + " on " + jvm.host() + " (pid " + jvm.pid() + "): " + how + " in "
                + String.format("%.1f", millis) + " ms from " + directory + (jvm.vectorized() ? "" : ", kernels scalar");
    }
}
