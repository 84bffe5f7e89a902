package dev.panamax.simd;

import dev.panamax.core.ArrayView;
import dev.panamax.core.ByteView;
import dev.panamax.core.DType;
import dev.panamax.core.DoubleView;
import dev.panamax.core.FloatView;
import dev.panamax.core.IntView;
import dev.panamax.core.LongView;
import dev.panamax.core.ShortView;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;

/** Views filled with random data, native or heap-backed, starting at an element offset (unaligned). */
final class TestData {
    static final double[] SPECIAL_DOUBLES = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0,
        0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_NORMAL, 4.0, 8.0,
        Math.nextDown(4.0), Math.nextUp(8.0), Double.longBitsToDouble(0xFFF8_0000_0000_0001L) /* negative NaN */};
    static final float[] SPECIAL_FLOATS = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0.0f, 0.0f,
        Float.MIN_VALUE, -Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE, Float.MIN_NORMAL, 4.0f, 8.0f,
        Math.nextDown(4.0f), Math.nextUp(8.0f), Float.intBitsToFloat(0xFFC0_0001)};
    static final int[] SPECIAL_INTS = {Integer.MIN_VALUE, Integer.MAX_VALUE, Integer.MIN_VALUE + 1,
        Integer.MAX_VALUE - 1, -1, 0, 1, 4, 8, 3, 9};
    static final long[] SPECIAL_LONGS = {Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE + 1, Long.MAX_VALUE - 1, -1,
        0, 1, 4, 8, 3, 9, Integer.MIN_VALUE, Integer.MAX_VALUE};

    private TestData() {
    }

    /**
     * Where the elements live: native memory, a mapped file (the class shared arrays have; loads test the class,
     * see {@code SegmentClasses}), a Java array of the element type, or a {@code long[]} whatever the element type
     * (the loads' general path for doubles, floats and ints).
     */
    enum Backing { NATIVE, MAPPED, HEAP, LONG_ARRAY }

    /**
     * A segment of {@code elements * elemBytes} bytes: native from {@code arena}, a mapped file, or a slice of a
     * {@code long[]} ({@link Backing#LONG_ARRAY}; the views of {@link Backing#HEAP} wrap arrays of their own type).
     */
    private static MemorySegment memory(Arena arena, Backing backing, long elements, int elemBytes) {
        if (backing == Backing.NATIVE) {
            return arena.allocate(elements * elemBytes, 64);
        }
        if (backing == Backing.MAPPED) {
            return mapped(arena, elements * elemBytes);
        }
        long bytes = elements * elemBytes;
        return MemorySegment.ofArray(new long[(int) ((bytes + 7) / 8)]).asSlice(0, bytes);
    }

    /** {@code bytes} bytes of a new temporary file mapped for {@code arena}; the file is gone, the mapping stays. */
    static MemorySegment mapped(Arena arena, long bytes) {
        try {
            Path file = Files.createTempFile("panamax-test", ".bin");
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                return ch.map(FileChannel.MapMode.READ_WRITE, 0, bytes, arena);
            } finally {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static DoubleView doubles(Arena arena, Backing b, int offset, int n) {
        if (b == Backing.HEAP) {
            return DoubleView.wrap(new double[n + offset]).slice(offset, n);
        }
        return DoubleView.of(memory(arena, b, n + offset, 8), offset, n);
    }

    static FloatView floats(Arena arena, Backing b, int offset, int n) {
        if (b == Backing.HEAP) {
            return FloatView.wrap(new float[n + offset]).slice(offset, n);
        }
        return FloatView.of(memory(arena, b, n + offset, 4), offset, n);
    }

    static IntView ints(Arena arena, Backing b, int offset, int n) {
        if (b == Backing.HEAP) {
            return IntView.wrap(new int[n + offset]).slice(offset, n);
        }
        return IntView.of(memory(arena, b, n + offset, 4), offset, n);
    }

    static LongView longs(Arena arena, Backing b, int offset, int n) {
        if (b == Backing.HEAP) {
            return LongView.wrap(new long[n + offset]).slice(offset, n);
        }
        return LongView.of(memory(arena, b, n + offset, 8), offset, n);
    }

    /** An int8, uint8 ({@link ByteView}) or int16 ({@link ShortView}) view of {@code n} zeros at {@code offset}. */
    static ArrayView narrow(Arena arena, Backing b, DType t, int offset, int n) {
        if (t == DType.INT16) {
            return b == Backing.HEAP ? ShortView.wrap(new short[n + offset]).slice(offset, n)
                    : ShortView.of(memory(arena, b, n + offset, 2), offset, n);
        }
        MemorySegment m = b == Backing.HEAP ? MemorySegment.ofArray(new byte[n + offset])
                : memory(arena, b, n + offset, 1);
        return t == DType.UINT8 ? ByteView.ofUnsigned(m, offset, n) : ByteView.of(m, offset, n);
    }

    /** Finite values of mixed sign and magnitude (no overflow in any order of summation). */
    static void fillFinite(DoubleView v, Random r) {
        for (long i = 0; i < v.length(); i++) {
            v.set(i, r.nextGaussian() * Math.scalb(1.0, r.nextInt(-20, 20)));
        }
    }

    static void fillFinite(FloatView v, Random r) {
        for (long i = 0; i < v.length(); i++) {
            v.set(i, (float) (r.nextGaussian() * Math.scalb(1.0, r.nextInt(-10, 10))));
        }
    }

    /** Small values 0..9 with about one special value in eight. */
    static void fillWithSpecials(DoubleView v, Random r) {
        for (long i = 0; i < v.length(); i++) {
            v.set(i, r.nextInt(8) == 0 ? SPECIAL_DOUBLES[r.nextInt(SPECIAL_DOUBLES.length)] : r.nextDouble() * 10);
        }
    }

    static void fillWithSpecials(FloatView v, Random r) {
        for (long i = 0; i < v.length(); i++) {
            v.set(i, r.nextInt(8) == 0 ? SPECIAL_FLOATS[r.nextInt(SPECIAL_FLOATS.length)] : r.nextFloat() * 10);
        }
    }

    static void fillWithSpecials(IntView v, Random r) {
        for (long i = 0; i < v.length(); i++) {
            v.set(i, switch (r.nextInt(8)) {
                case 0 -> SPECIAL_INTS[r.nextInt(SPECIAL_INTS.length)];
                case 1 -> r.nextInt();
                default -> r.nextInt(10);
            });
        }
    }

    static void fillWithSpecials(LongView v, Random r) {
        for (long i = 0; i < v.length(); i++) {
            v.set(i, switch (r.nextInt(8)) {
                case 0 -> SPECIAL_LONGS[r.nextInt(SPECIAL_LONGS.length)];
                case 1 -> r.nextLong();
                default -> r.nextInt(10);
            });
        }
    }
}
