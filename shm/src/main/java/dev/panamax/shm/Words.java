package dev.panamax.shm;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * Aligned int and long access with memory-ordering modes on a shared mapping, for the queue and lock headers. The
 * handles are the {@link ValueLayout#JAVA_INT}/{@link ValueLayout#JAVA_LONG} ones with a byte offset coordinate,
 * which C2 compiles to plain moves and locked instructions (no bounds check survives in a hot loop).
 */
final class Words {
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    private Words() {
    }

    static int getIntVolatile(MemorySegment s, long off) {
        return (int) INT.getVolatile(s, off);
    }

    static int getIntAcquire(MemorySegment s, long off) {
        return (int) INT.getAcquire(s, off);
    }

    static void setIntRelease(MemorySegment s, long off, int v) {
        INT.setRelease(s, off, v);
    }

    static void setIntVolatile(MemorySegment s, long off, int v) {
        INT.setVolatile(s, off, v);
    }

    static int getAndAddInt(MemorySegment s, long off, int delta) {
        return (int) INT.getAndAdd(s, off, delta);
    }

    static boolean casInt(MemorySegment s, long off, int expected, int v) {
        return INT.compareAndSet(s, off, expected, v);
    }

    static long getLongVolatile(MemorySegment s, long off) {
        return (long) LONG.getVolatile(s, off);
    }

    static long getLongAcquire(MemorySegment s, long off) {
        return (long) LONG.getAcquire(s, off);
    }

    static long getLongOpaque(MemorySegment s, long off) {
        return (long) LONG.getOpaque(s, off);
    }

    static void setLongRelease(MemorySegment s, long off, long v) {
        LONG.setRelease(s, off, v);
    }

    static void setLongVolatile(MemorySegment s, long off, long v) {
        LONG.setVolatile(s, off, v);
    }

    static void setLongPlain(MemorySegment s, long off, long v) {
        LONG.set(s, off, v);
    }

    static boolean casLong(MemorySegment s, long off, long expected, long v) {
        return LONG.compareAndSet(s, off, expected, v);
    }
}
