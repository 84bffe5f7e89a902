package dev.panamax.shm;

import java.lang.foreign.MemorySegment;

/**
 * A cross-process mutual-exclusion lock on three words of a shared mapping: {@code OWNER} (i64, the holder's
 * {@link Owner} word, 0 when free), {@code SEQ} (i32, the futex waiters sleep on) and {@code SLEEPING} (i32, 1 when
 * a waiter may sleep). Used by {@link SharedLock} and by the consumers of a {@link SharedQueue}.
 *
 * <p>Acquire is one compare-and-set when the lock is free; otherwise the caller spins briefly, then sets
 * {@code SLEEPING} and sleeps on {@code SEQ}. Release stores 0 with a full fence and, only if it clears
 * {@code SLEEPING}, increments {@code SEQ} and wakes one sleeper (glibc's mutex does the same with its "contended"
 * state): an uncontended acquire and release are two atomic instructions and no system call, and a contended hand-over
 * costs one wake, not one per release while the woken waiter waits to be scheduled. A waiter that slept sets
 * {@code SLEEPING} again once it holds the lock, since others may still sleep.
 *
 * <p>Robustness: a waiter that has seen the same holder for {@value #CHECK_NANOS} ns checks that the holder's process
 * still runs (pid and start time); if it died, the waiter takes the lock over with a compare-and-set and is told so
 * ({@link #OWNER_DIED}), as a robust pthread mutex returns {@code EOWNERDEAD}. No waiter sleeps longer than that
 * interval without checking.
 *
 * <p>The lock belongs to a process, not a thread: it is not reentrant, and a thread of the holding process other
 * than the one that acquired it may release it (the {@link SharedLock} handle refuses that).
 */
final class RobustLock {
    static final int ACQUIRED = 0;
    static final int OWNER_DIED = 1;
    static final int TIMED_OUT = -1;
    /** How long a waiter trusts a holder before it checks that the holder's process still runs. */
    static final long CHECK_NANOS = 50_000_000L;
    /** How long a contended acquire spins before it sleeps: holders usually hold for much less. */
    private static final long SPIN_NANOS = 10_000;

    private final MemorySegment seg;
    private final long owner;
    private final long seqWord;
    private final long sleepingWord;

    RobustLock(MemorySegment seg, long offset) {
        this.seg = seg;
        this.owner = offset;
        this.seqWord = offset + 8;
        this.sleepingWord = offset + 12;
    }

    /** @return the holder's owner word, or 0 when free */
    long holder() {
        return Words.getLongVolatile(seg, owner);
    }

    /** @return {@link #ACQUIRED} when free now, {@link #OWNER_DIED} when taken from a dead holder, else {@link #TIMED_OUT} */
    int tryAcquire() {
        long cur = Words.getLongVolatile(seg, owner);
        if (cur == 0) {
            return Words.casLong(seg, owner, 0, Owner.SELF) ? ACQUIRED : TIMED_OUT;
        }
        if (cur != Owner.SELF && !Owner.alive(cur) && Words.casLong(seg, owner, cur, Owner.SELF)) {
            return OWNER_DIED;
        }
        return TIMED_OUT;
    }

    /**
     * @param timeoutNanos the longest wait, in nanoseconds ({@link Long#MAX_VALUE}: no limit)
     * @return {@link #ACQUIRED}, {@link #OWNER_DIED} (acquired from a dead holder) or {@link #TIMED_OUT}
     */
    int acquire(long timeoutNanos) {
        if (Words.casLong(seg, owner, 0, Owner.SELF)) {
            return ACQUIRED;
        }
        for (long spinEnd = System.nanoTime() + Math.min(SPIN_NANOS, timeoutNanos); System.nanoTime() - spinEnd < 0; ) {
            Thread.onSpinWait();
            if (Words.getLongVolatile(seg, owner) == 0 && Words.casLong(seg, owner, 0, Owner.SELF)) {
                return ACQUIRED;
            }
        }
        long start = System.nanoTime();
        long seen = 0;
        long seenSince = start;
        boolean slept = false;
        while (true) {
            long now = System.nanoTime();
            long cur = Words.getLongVolatile(seg, owner);
            if (cur == 0) {
                if (Words.casLong(seg, owner, 0, Owner.SELF)) {
                    if (slept) {
                        Words.setIntVolatile(seg, sleepingWord, 1);
                    }
                    return ACQUIRED;
                }
                continue;
            }
            if (cur != seen) {
                seen = cur;
                seenSince = now;
            } else if (now - seenSince >= CHECK_NANOS) {
                if (cur != Owner.SELF && !Owner.alive(cur) && Words.casLong(seg, owner, cur, Owner.SELF)) {
                    Words.setIntVolatile(seg, sleepingWord, 1);
                    return OWNER_DIED;
                }
                seenSince = now;
            }
            long left = timeoutNanos == Long.MAX_VALUE ? Long.MAX_VALUE : timeoutNanos - (now - start);
            if (left <= 0) {
                return TIMED_OUT;
            }
            Words.setIntVolatile(seg, sleepingWord, 1);
            int s = Words.getIntVolatile(seg, seqWord);
            if (Words.getLongVolatile(seg, owner) != 0) {
                Futex.wait(seg, seqWord, s, Math.min(left, CHECK_NANOS));
                slept = true;
            }
        }
    }

    /**
     * Releases the lock and wakes one sleeper if one may sleep.
     *
     * @return {@code false} if this process did not hold it (nothing is changed then)
     */
    boolean release() {
        if (Words.getLongVolatile(seg, owner) != Owner.SELF) {
            return false;
        }
        // A volatile store: the SLEEPING load below must not pass it (else a waiter that just went to sleep is missed).
        Words.setLongVolatile(seg, owner, 0);
        if (Words.getIntVolatile(seg, sleepingWord) != 0 && Words.casInt(seg, sleepingWord, 1, 0)) {
            Words.getAndAddInt(seg, seqWord, 1);
            Futex.wake(seg, seqWord, 1);
        }
        return true;
    }
}
