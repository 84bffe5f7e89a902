package dev.panamax.shm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Who created a segment, in terms that survive pid reuse, pid namespaces, wall-clock steps and reboots:
 *
 * <ul>
 * <li>{@code pid}: the creator's pid in its own pid namespace;</li>
 * <li>{@code startTicks}: its start time in clock ticks since boot ({@code /proc/<pid>/stat} field 22), which no
 *     wall-clock step moves (the start instant that {@link ProcessHandle.Info} reports is computed from the boot
 *     time, and moves whenever the clock is stepped);</li>
 * <li>{@code pidNamespace}: the inode of its pid namespace ({@code /proc/self/ns/pid}): a pid means something
 *     only in the namespace that issued it;</li>
 * <li>{@code bootId}: {@code /proc/sys/kernel/random/boot_id}, new at every boot, shared by every container on
 *     the kernel; {@code host}: the host name, which tells a reboot of this machine from another machine that
 *     shares the directory (a network file system);</li>
 * <li>{@code start}: the start instant, for people to read; never used to decide liveness.</li>
 * </ul>
 *
 * <p>Segments created by earlier versions carry only {@code pid} and {@code start}: their liveness is
 * {@link SegmentInfo.Liveness#UNKNOWN}.
 */
record Creator(long pid, long startTicks, long pidNamespace, String bootId, String host, Instant start) {
    private static final Path BOOT_ID = Path.of("/proc/sys/kernel/random/boot_id");
    private static final Path HOSTNAME = Path.of("/proc/sys/kernel/hostname");
    /** This process. */
    static final Creator SELF = self();

    /** @return whether the record identifies its process beyond a pid (written by this version) */
    boolean identified() {
        return pid > 0 && startTicks >= 0 && pidNamespace > 0 && bootId != null;
    }

    /**
     * Decides whether the creator still runs. Anything this process cannot see for certain is
     * {@link SegmentInfo.Liveness#UNKNOWN}, which {@code gc} treats as alive.
     *
     * <ul>
     * <li>another boot id: {@code DEAD} when the host name is the same (this machine rebooted), else
     *     {@code UNKNOWN} (another machine sharing the directory);</li>
     * <li>another pid namespace (a container, {@code unshare --pid}), or no namespace recorded: {@code UNKNOWN};</li>
     * <li>same namespace: {@code DEAD} if the pid does not exist or runs a process that started at another tick
     *     (the pid was reused); {@code ALIVE} if it started at the recorded tick; {@code UNKNOWN} if its start
     *     cannot be read.</li>
     * </ul>
     *
     * @return the creator's liveness as seen from this process
     */
    SegmentInfo.Liveness liveness() {
        if (pid <= 0 || bootId == null || SELF.bootId == null) {
            return SegmentInfo.Liveness.UNKNOWN;
        }
        if (!bootId.equals(SELF.bootId)) {
            return host != null && host.equals(SELF.host) ? SegmentInfo.Liveness.DEAD : SegmentInfo.Liveness.UNKNOWN;
        }
        if (pidNamespace <= 0 || pidNamespace != SELF.pidNamespace || startTicks < 0) {
            return SegmentInfo.Liveness.UNKNOWN;
        }
        int probe = Posix.probe(pid);
        if (probe == -Posix.ESRCH) {
            return SegmentInfo.Liveness.DEAD;
        }
        if (probe != 0 && probe != -Posix.EPERM) {
            return SegmentInfo.Liveness.UNKNOWN;
        }
        long ticks = startTicks(Path.of("/proc/" + pid + "/stat"));
        if (ticks < 0) {
            // Exited meanwhile, or /proc hides other users' processes (hidepid): cannot tell.
            return Posix.probe(pid) == -Posix.ESRCH ? SegmentInfo.Liveness.DEAD : SegmentInfo.Liveness.UNKNOWN;
        }
        return ticks == startTicks ? SegmentInfo.Liveness.ALIVE : SegmentInfo.Liveness.DEAD;
    }

    private static Creator self() {
        long pid = ProcessHandle.current().pid();
        return new Creator(pid, startTicks(Path.of("/proc/self/stat")), readPidNamespace(), firstLine(BOOT_ID),
                firstLine(HOSTNAME), ProcessHandle.current().info().startInstant().orElse(null));
    }

    /**
     * @param stat a {@code /proc/<pid>/stat} file
     * @return field 22, the start time in clock ticks since boot, or -1 if it cannot be read
     */
    static long startTicks(Path stat) {
        try {
            String s = Files.readString(stat, StandardCharsets.ISO_8859_1);
            // Field 2 is the command name in parentheses, which may itself hold spaces and parentheses.
            int close = s.lastIndexOf(')');
            if (close < 0) {
                return -1;
            }
            String[] f = s.substring(close + 1).trim().split(" ");
            return f.length > 19 ? Long.parseLong(f[19]) : -1; // f[0] is field 3
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** @return the inode of this process's pid namespace, or -1 if {@code /proc/self/ns/pid} cannot be read */
    private static long readPidNamespace() {
        try {
            String link = Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString(); // "pid:[4026531836]"
            int open = link.indexOf('[');
            int close = link.indexOf(']');
            return open >= 0 && close > open ? Long.parseLong(link.substring(open + 1, close)) : -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static String firstLine(Path p) {
        try {
            String s = Files.readString(p, StandardCharsets.ISO_8859_1).strip();
            return s.isEmpty() ? null : s;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
