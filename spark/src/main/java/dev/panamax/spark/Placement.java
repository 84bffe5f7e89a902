package dev.panamax.spark;

import java.io.Serializable;
import java.util.List;

/**
 * Where one JVM of the application found a {@link HostBroadcast}, as {@link HostBroadcast#materialize()} reports it:
 * which executor, on which host, whether the segment was already on that host or this JVM fetched it, how long that
 * took, and whether Panamax kernels run vectorized there.
 */
public final class Placement implements Serializable {
    private static final long serialVersionUID = 1L;

    /** How a JVM got the segment. */
    public enum How {
        /** The segment was on the host (published by the driver, or by another executor): opened by name. */
        OPENED,
        /** No segment was on the host: this JVM fetched the data and published the host's segment. */
        FETCHED
    }

    private final String executorId;
    private final String host;
    private final long pid;
    private final How how;
    private final double millis;
    private final String directory;
    private final boolean vectorized;
    private final List<String> missingFlags;

    Placement(String executorId, String host, long pid, How how, double millis, String directory, boolean vectorized,
              List<String> missingFlags) {
        this.executorId = executorId;
        this.host = host;
        this.pid = pid;
        this.how = how;
        this.millis = millis;
        this.directory = directory;
        this.vectorized = vectorized;
        this.missingFlags = List.copyOf(missingFlags);
    }

    /** @return Spark's executor id ({@code "driver"} in local mode) */
    public String executorId() {
        return executorId;
    }

    /** @return the host name the executor reported */
    public String host() {
        return host;
    }

    /** @return the executor JVM's process id */
    public long pid() {
        return pid;
    }

    /** @return whether the segment was opened or fetched */
    public How how() {
        return how;
    }

    /** @return milliseconds this JVM took to get the segment the first time: open, or fetch, fill and publish */
    public double millis() {
        return millis;
    }

    /** @return the segment directory on that host ({@code PANAMAX_DIR} there, else {@code /dev/shm}) */
    public String directory() {
        return directory;
    }

    /** @return whether Panamax kernels run on the Vector API in that JVM */
    public boolean vectorized() {
        return vectorized;
    }

    /** @return the JVM flags that JVM lacks for Panamax (see {@link VectorApiCheck}); empty if none */
    public List<String> missingFlags() {
        return missingFlags;
    }

    @Override
    public String toString() {
        return "executor " + executorId + " on " + host + " (pid " + pid + "): " + how + " in "
                + String.format("%.1f", millis) + " ms from " + directory + (vectorized ? "" : ", kernels scalar");
    }
}
