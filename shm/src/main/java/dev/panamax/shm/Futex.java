package dev.panamax.shm;

import dev.panamax.core.internal.Libc;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Sleeping on a 32-bit word of a shared mapping until another process changes it: Linux {@code futex(2)} through an
 * FFM downcall of {@code syscall(SYS_futex, addr, FUTEX_WAIT | FUTEX_WAKE, ...)}. The operations are the shared
 * (not {@code FUTEX_PRIVATE}) ones, so a wake in one process reaches a waiter in another: the kernel keys a futex on
 * a file-backed {@code MAP_SHARED} mapping by inode and offset.
 *
 * <p>Where the call is missing (not Linux, an unknown architecture, native access refused), {@link #wait} polls the
 * word, parking for a growing interval up to {@value #FALLBACK_MAX_PARK_NANOS} ns, and {@link #wake} does nothing:
 * correct, but a sleeper wakes later and costs a little CPU. {@link #available()} says which.
 *
 * <p>Callers never rely on a wake-up alone: they re-check their condition after every return (a futex wait returns
 * early on a signal, a changed word, or a spurious wake-up).
 */
final class Futex {
    private static final int FUTEX_WAIT = 0;
    private static final int FUTEX_WAKE = 1;
    private static final long FALLBACK_MAX_PARK_NANOS = 200_000;
    private static final ThreadLocal<MemorySegment> TIMESPEC =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(16, 8));

    /** Null when the futex call is available; waits poll otherwise. */
    private static final String WHY_NOT = Libc.futexUnavailable();

    private Futex() {
    }

    /** @return whether waits sleep in the kernel ({@code futex}); otherwise they poll */
    static boolean available() {
        return WHY_NOT == null;
    }

    /** @return why the futex call is not used, or {@code null} when it is */
    static String unavailableReason() {
        return WHY_NOT;
    }

    /**
     * Sleeps while the int at {@code offset} of {@code seg} equals {@code expected}, for at most {@code nanos}.
     * May return early (a wake-up, a signal, a changed value, spuriously): the caller re-checks.
     *
     * @param seg a mapping shared between processes; the word must be 4-byte aligned
     * @param offset byte offset of the word
     * @param expected the value seen before deciding to sleep
     * @param nanos the longest sleep, in nanoseconds (at least 1)
     */
    static void wait(MemorySegment seg, long offset, int expected, long nanos) {
        if (WHY_NOT != null) {
            fallbackWait(seg, offset, expected, nanos);
            return;
        }
        long addr = seg.asSlice(offset, 4).address();
        MemorySegment ts = TIMESPEC.get();
        ts.set(ValueLayout.JAVA_LONG, 0, nanos / 1_000_000_000L);
        ts.set(ValueLayout.JAVA_LONG, 8, nanos % 1_000_000_000L);
        try {
            long ignored = Libc.futex(addr, FUTEX_WAIT, expected, ts.address());
        } catch (RuntimeException t) {
            throw new IllegalStateException("futex wait failed: " + t, t);
        }
    }

    /**
     * Wakes up to {@code count} processes or threads sleeping in {@link #wait} on the word.
     *
     * @param seg the mapping
     * @param offset byte offset of the word
     * @param count how many sleepers to wake ({@link Integer#MAX_VALUE} for all)
     */
    static void wake(MemorySegment seg, long offset, int count) {
        if (WHY_NOT != null) {
            return;
        }
        long addr = seg.asSlice(offset, 4).address();
        try {
            long ignored = Libc.futex(addr, FUTEX_WAKE, count, 0L);
        } catch (RuntimeException t) {
            throw new IllegalStateException("futex wake failed: " + t, t);
        }
    }

    /**
     * @param timeout a caller's timeout
     * @param unit its unit
     * @return the timeout in nanoseconds (saturated at {@link Long#MAX_VALUE})
     * @throws IllegalArgumentException if it is negative, naming the value
     */
    static long timeoutNanos(long timeout, TimeUnit unit) {
        if (timeout < 0) {
            throw new IllegalArgumentException("timeout " + timeout + " " + unit + ": expected 0 or more");
        }
        return unit.toNanos(timeout);
    }

    /** The wait where futex is missing: polls the word, parking up to {@value #FALLBACK_MAX_PARK_NANOS} ns at a time. */
    static void fallbackWait(MemorySegment seg, long offset, int expected, long nanos) {
        long deadline = System.nanoTime() + nanos;
        long park = 1_000;
        while (Words.getIntVolatile(seg, offset) == expected) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            LockSupport.parkNanos(Math.min(park, left));
            park = Math.min(park * 2, FALLBACK_MAX_PARK_NANOS);
        }
    }
}
