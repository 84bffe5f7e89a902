package dev.panamax.shm;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A process identity that fits in one 64-bit word, for lock owners and queue slots: {@code pid << 32 | (start &
 * 0xffffffff)} with the start in clock ticks since boot ({@code /proc/<pid>/stat} field 22, as {@link Creator}
 * records it; 0 where it cannot be read). A pid reused by another process has another start, so a dead holder is
 * never mistaken for a live one; and unlike a start instant, clock ticks do not move when the wall clock is stepped,
 * so a live holder is never mistaken for a dead one. 32 bits of ticks (at the usual 100 per second) repeat every
 * 497 days. Pids are those of this pid namespace: processes in different pid namespaces cannot share a queue or a
 * lock.
 */
final class Owner {
    /** This JVM. */
    static final long SELF = of(Creator.SELF);

    private Owner() {
    }

    static long of(Creator c) {
        return (c.pid() << 32) | (startStamp(c) & 0xffffffffL);
    }

    /** @return the start of a creator in clock ticks since boot, or 0 when unknown */
    static long startStamp(Creator c) {
        return Math.max(0, c.startTicks());
    }

    static long pid(long owner) {
        return owner >>> 32;
    }

    /**
     * @param owner an owner word (not 0)
     * @return whether that process still runs: the pid exists and, when both are known, its start matches
     */
    static boolean alive(long owner) {
        return alive(pid(owner), owner & 0xffffffffL);
    }

    /**
     * @param pid   a process id
     * @param stamp its start in clock ticks since boot (compared on its low 32 bits), or 0 if unknown
     * @return whether that process still runs: the pid exists and, when the start is known on both sides, matches
     */
    static boolean alive(long pid, long stamp) {
        if (pid <= 0) {
            return false;
        }
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        if (h.isEmpty() || !h.get().isAlive()) {
            return false;
        }
        long ticks = Creator.startTicks(Path.of("/proc/" + pid + "/stat"));
        return stamp == 0 || ticks < 0 || (ticks & 0xffffffffL) == (stamp & 0xffffffffL);
    }

    /** @return "pid 1234" for messages */
    static String describe(long owner) {
        return "pid " + pid(owner);
    }
}
