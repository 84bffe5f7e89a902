package dev.panamax.simd;

import java.lang.foreign.MemorySegment;

/**
 * The JDK's classes of the memory segments kernels meet, so that a load can test which one it has before it reads.
 * C2 inlines the JDK's segment accessors (base object, offset, alignment) only where it knows the segment's class;
 * elsewhere it goes by the type profile of the JDK's own code, which every caller in the JVM shares. Once segments of
 * three classes have passed through it (native, mapped, heap arrays of two element types) the accessors stay calls
 * inside the loops and the kernels ran 10x to 100x slower (docs/design/segment-classes.md). In a branch taken on
 * {@code NATIVE.isInstance(x)} or {@code x.getClass() == DOUBLES}, C2 knows the class; a branch the JVM has never
 * taken is not compiled at all.
 */
final class SegmentClasses {
    private SegmentClasses() {
    }

    /**
     * Memory from an arena, {@link MemorySegment#ofAddress} and {@code reinterpret}, and (a subclass) mapped files:
     * shared arrays. The subclass overrides none of the accessors a load uses, so one branch serves both.
     */
    static final Class<? extends MemorySegment> NATIVE = MemorySegment.NULL.getClass();
    /** {@code MemorySegment.ofArray(double[])}, whose base object is a {@code double[]}. */
    static final Class<? extends MemorySegment> DOUBLES = MemorySegment.ofArray(new double[0]).getClass();
    static final Class<? extends MemorySegment> FLOATS = MemorySegment.ofArray(new float[0]).getClass();
    static final Class<? extends MemorySegment> INTS = MemorySegment.ofArray(new int[0]).getClass();
    static final Class<? extends MemorySegment> LONGS = MemorySegment.ofArray(new long[0]).getClass();
    static final Class<? extends MemorySegment> BYTES = MemorySegment.ofArray(new byte[0]).getClass();
    static final Class<? extends MemorySegment> SHORTS = MemorySegment.ofArray(new short[0]).getClass();
}
