package dev.panamax.shm;

import java.time.Instant;
import java.util.Optional;

/**
 * A process identity that fits in one 64-bit word, for lock owners: {@code pid << 32 | (start & 0xffffffff)} with
 * the start in epoch milliseconds as {@link Creator} records it (0 where the platform does not report it). A pid that
 * was reused by another process has another start, so a dead holder is never mistaken for a live one; 32 bits of
 * milliseconds repeat only every 49.7 days, and only a process started that exact millisecond would match.
 */
final class Owner {
    /** This JVM. */
    static final long SELF = of(Creator.SELF);

    private Owner() {
    }

    static long of(Creator c) {
        return (c.pid() << 32) | (startMillis(c) & 0xffffffffL);
    }

    /** @return the start of a creator in epoch milliseconds, or 0 when unknown */
    static long startMillis(Creator c) {
        return c.start() == null ? 0 : c.start().toEpochMilli();
    }

    static long pid(long owner) {
        return owner >>> 32;
    }

    /**
     * @param owner an owner word (not 0)
     * @return whether that process still runs: the pid exists and, when both are known, its start matches
     */
    static boolean alive(long owner) {
        Optional<ProcessHandle> h = ProcessHandle.of(pid(owner));
        if (h.isEmpty() || !h.get().isAlive()) {
            return false;
        }
        int stamp = (int) owner;
        Optional<Instant> start = h.get().info().startInstant();
        return stamp == 0 || start.isEmpty() || (int) start.get().toEpochMilli() == stamp;
    }

    /** @return "pid 1234" for messages */
    static String describe(long owner) {
        return "pid " + pid(owner);
    }
}
