package dev.panamax.simd;

import static dev.panamax.simd.SegmentClasses.*;
import static dev.panamax.simd.VectorAccess.*;

import dev.panamax.core.DType;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Per-row in-range counts and per-column sums of squares of a row-major matrix. */
final class VectorRows implements LoopFamilies.Rows {
    /** For any class of segment (SegmentCopies makes the others); typed by its interface, as the copies need. */
    static final LoopFamilies.Rows ANY = new VectorRows();

    private VectorRows() {
    }

    private static final VectorSpecies<Integer> I256 = IntVector.SPECIES_256;
    private static final VectorSpecies<Float> F256 = FloatVector.SPECIES_256;
    private static final VectorSpecies<Long> L256 = LongVector.SPECIES_256;
    private static final VectorSpecies<Double> D256 = DoubleVector.SPECIES_256;
    static final boolean ROWS_256 = I.vectorBitSize() >= 256;

    // ---- per-row counts ----
    /*
     * Rows of up to 8 elements are too short for a vector each. Instead take 8 rows at a time: their 8 * cols
     * elements are contiguous, so load them as cols (32-bit types) or 2 * cols (64-bit types) 256-bit vectors and
     * turn each in-range mask into bits (vmovmskps/pd or kmov), packed into one long with element k of the block at
     * bit k. Row j's flags are then bits [j * cols, (j + 1) * cols): one shift, mask and popcount per row. The loads
     * are written out with loop-invariant guards instead of a loop over cols: C2 does not unroll a loop with a
     * run-time trip count, and the unrolled form measured twice as fast. Longer rows use the flat vector count
     * per row.
     */

    private static long bitsI32(MemorySegment m, long off, IntVector bias, IntVector lim) {
        return i256(m, off).sub(bias).compare(VectorOperators.LT, lim).toLong();
    }

    private static long bitsF32(MemorySegment m, long off, FloatVector lo, FloatVector hi) {
        FloatVector v = f256(m, off);
        return v.compare(VectorOperators.GE, lo).and(v.compare(VectorOperators.LE, hi)).toLong();
    }

    private static long bitsI64(MemorySegment m, long off, LongVector bias, LongVector lim) {
        return l256(m, off).sub(bias).compare(VectorOperators.LT, lim).toLong();
    }

    private static long bitsF64(MemorySegment m, long off, DoubleVector lo, DoubleVector hi) {
        DoubleVector v = d256(m, off);
        return v.compare(VectorOperators.GE, lo).and(v.compare(VectorOperators.LE, hi)).toLong();
    }

    /*
     * 256-bit loads at a byte offset, testing the segment's class as VectorAccess's loads do (SegmentClasses says
     * why): native and mapped segments through the segment, a heap array of the element type through the array,
     * anything else out of line.
     */

    private static IntVector i256(MemorySegment m, long off) {
        Class<?> c = m.getClass();
        if (NATIVE.isInstance(m)) {
            MemorySegment n = NATIVE.cast(m);
            markUnsafeAccess();
            return IntVector.fromMemorySegment(I256, n, off, LE);
        } else if (c == INTS) {
            MemorySegment h = INTS.cast(m);
            Object a = h.heapBase().orElse(null);
            if (a != null) {
                return IntVector.fromArray(I256, (int[]) a, (int) ((h.address() + off) / Integer.BYTES));
            }
        }
        return i256Other(m, off);
    }

    private static IntVector i256Other(MemorySegment m, long off) {
        markUnsafeAccess();
        return IntVector.fromMemorySegment(I256, m, off, LE);
    }

    private static FloatVector f256(MemorySegment m, long off) {
        Class<?> c = m.getClass();
        if (NATIVE.isInstance(m)) {
            MemorySegment n = NATIVE.cast(m);
            markUnsafeAccess();
            return FloatVector.fromMemorySegment(F256, n, off, LE);
        } else if (c == FLOATS) {
            MemorySegment h = FLOATS.cast(m);
            Object a = h.heapBase().orElse(null);
            if (a != null) {
                return FloatVector.fromArray(F256, (float[]) a, (int) ((h.address() + off) / Float.BYTES));
            }
        }
        return f256Other(m, off);
    }

    private static FloatVector f256Other(MemorySegment m, long off) {
        markUnsafeAccess();
        return FloatVector.fromMemorySegment(F256, m, off, LE);
    }

    private static LongVector l256(MemorySegment m, long off) {
        Class<?> c = m.getClass();
        if (NATIVE.isInstance(m)) {
            MemorySegment n = NATIVE.cast(m);
            markUnsafeAccess();
            return LongVector.fromMemorySegment(L256, n, off, LE);
        } else if (c == LONGS) {
            MemorySegment h = LONGS.cast(m);
            Object a = h.heapBase().orElse(null);
            if (a != null) {
                return LongVector.fromArray(L256, (long[]) a, (int) ((h.address() + off) / Long.BYTES));
            }
        }
        return l256Other(m, off);
    }

    private static LongVector l256Other(MemorySegment m, long off) {
        markUnsafeAccess();
        return LongVector.fromMemorySegment(L256, m, off, LE);
    }

    private static DoubleVector d256(MemorySegment m, long off) {
        Class<?> c = m.getClass();
        if (NATIVE.isInstance(m)) {
            MemorySegment n = NATIVE.cast(m);
            markUnsafeAccess();
            return DoubleVector.fromMemorySegment(D256, n, off, LE);
        } else if (c == DOUBLES) {
            MemorySegment h = DOUBLES.cast(m);
            Object a = h.heapBase().orElse(null);
            if (a != null) {
                return DoubleVector.fromArray(D256, (double[]) a, (int) ((h.address() + off) / Double.BYTES));
            }
        }
        return d256Other(m, off);
    }

    private static DoubleVector d256Other(MemorySegment m, long off) {
        markUnsafeAccess();
        return DoubleVector.fromMemorySegment(D256, m, off, LE);
    }

    /**
     * Per-row counts run in calls of this many rows (a multiple of 8), so that the block method gets a normal compile
     * instead of an on-stack-replacement one that boxes its vectors (docs/design/streaming-kernels.md).
     */
    private static final long ROW_BLOCK = 512;

    /** Eight 64-bit lanes for the row counts of a block, where the CPU has 512-bit vectors; else null. */
    static final VectorSpecies<Long> L8 = L.length() >= 8 ? LongVector.SPECIES_512 : null;

    /**
     * Writes the 8 row counts of a block without 512-bit vectors: row j is bits {@code [j * cols, (j + 1) * cols)}
     * of {@code bits}. With them, the block methods broadcast {@code bits}, shift lane j by {@code j * cols}, mask,
     * popcount and narrow to 8 int32 in one store (vpsrlvq, vpopcntq, vpmovqd).
     */
    private static void storeRowCounts(long bits, int cols, long group, MemorySegment out, long r) {
        for (int j = 0; j < 8; j++) {
            ScalarSupport.setI32(out, r + j, Long.bitCount((bits >>> (cols * j)) & group));
        }
    }

    /** The per-lane shifts of the 512-bit row-count store: {@code j * cols} in lane j; null without 512-bit vectors. */
    private static LongVector rowShifts(int cols) {
        return L8 == null ? null : ((LongVector) L8.iotaShuffle(0, 1, false).toVector()).mul(cols);
    }

    @Override
    public void countRowsI32(MemorySegment m, long rows, long cols, int lo, int hi, MemorySegment out) {
        int range = hi - lo;
        long r = 0;
        if (range != -1 && ROWS_256 && cols <= 8) {
            for (long full = rows - rows % 8; r < full; r = Math.min(full, r + ROW_BLOCK)) {
                countRowsI32Block(m, r, Math.min(full, r + ROW_BLOCK), (int) cols, lo, range, out);
            }
        } else if (range != -1 && cols > 8) {
            Chunks.each(0, rows, cols * Integer.BYTES, (f, t) -> {
                for (long k = f; k < t; k++) {
                    MemorySegment row = slice(m, cols * Integer.BYTES, k, k + 1);
                    ScalarSupport.setI32(out, k, (int) VectorCounts.ANY.countI32(row, cols, lo, hi));
                }
            });
            r = rows;
        }
        ScalarSupport.countRowsI32(m, r, rows, cols, lo, hi, out);
    }

    /** Rows {@code [from, to)}, a multiple of 8, of {@code c <= 8} columns. */
    private static void countRowsI32Block(MemorySegment m, long from, long to, int c, int lo, int range,
                                          MemorySegment out) {
        IntVector bias = IntVector.broadcast(I256, opaque(lo ^ Integer.MIN_VALUE));
        IntVector lim = IntVector.broadcast(I256, opaque((range ^ Integer.MIN_VALUE) + 1));
        long group = (1L << c) - 1;
        LongVector shifts = rowShifts(c);
        final int len = loopLength(to - from);
        for (int j = 0; j < len; j += 8) {
            long r = from + j;
            long b = r * c * Integer.BYTES;
            long bits = bitsI32(m, b, bias, lim);
            if (c > 1) bits |= bitsI32(m, b + 32, bias, lim) << 8;
            if (c > 2) bits |= bitsI32(m, b + 64, bias, lim) << 16;
            if (c > 3) bits |= bitsI32(m, b + 96, bias, lim) << 24;
            if (c > 4) bits |= bitsI32(m, b + 128, bias, lim) << 32;
            if (c > 5) bits |= bitsI32(m, b + 160, bias, lim) << 40;
            if (c > 6) bits |= bitsI32(m, b + 192, bias, lim) << 48;
            if (c > 7) bits |= bitsI32(m, b + 224, bias, lim) << 56;
            if (L8 != null) { // written out: C2 may leave a 100-byte helper un-inlined, boxing its vector argument
                markUnsafeAccess();
                LongVector.broadcast(L8, bits).lanewise(VectorOperators.LSHR, shifts).and(group)
                        .lanewise(VectorOperators.BIT_COUNT).convertShape(VectorOperators.L2I, I256, 0)
                        .intoMemorySegment(out, r * Integer.BYTES, LE);
            } else {
                storeRowCounts(bits, c, group, out, r);
            }
        }
    }

    @Override
    public void countRowsF32(MemorySegment m, long rows, long cols, float lo, float hi, MemorySegment out) {
        long r = 0;
        if (ROWS_256 && cols <= 8) {
            for (long full = rows - rows % 8; r < full; r = Math.min(full, r + ROW_BLOCK)) {
                countRowsF32Block(m, r, Math.min(full, r + ROW_BLOCK), (int) cols, lo, hi, out);
            }
        } else if (cols > 8) {
            Chunks.each(0, rows, cols * Float.BYTES, (f, t) -> {
                for (long k = f; k < t; k++) {
                    MemorySegment row = slice(m, cols * Float.BYTES, k, k + 1);
                    ScalarSupport.setI32(out, k, (int) VectorCounts.ANY.countF32(row, cols, lo, hi));
                }
            });
            r = rows;
        }
        ScalarSupport.countRowsF32(m, r, rows, cols, lo, hi, out);
    }

    /** Rows {@code [from, to)}, a multiple of 8, of {@code c <= 8} columns. */
    private static void countRowsF32Block(MemorySegment m, long from, long to, int c, float lo, float hi,
                                          MemorySegment out) {
        FloatVector vlo = FloatVector.broadcast(F256, opaque(lo)), vhi = FloatVector.broadcast(F256, opaque(hi));
        long group = (1L << c) - 1;
        LongVector shifts = rowShifts(c);
        final int len = loopLength(to - from);
        for (int j = 0; j < len; j += 8) {
            long r = from + j;
            long b = r * c * Float.BYTES;
            long bits = bitsF32(m, b, vlo, vhi);
            if (c > 1) bits |= bitsF32(m, b + 32, vlo, vhi) << 8;
            if (c > 2) bits |= bitsF32(m, b + 64, vlo, vhi) << 16;
            if (c > 3) bits |= bitsF32(m, b + 96, vlo, vhi) << 24;
            if (c > 4) bits |= bitsF32(m, b + 128, vlo, vhi) << 32;
            if (c > 5) bits |= bitsF32(m, b + 160, vlo, vhi) << 40;
            if (c > 6) bits |= bitsF32(m, b + 192, vlo, vhi) << 48;
            if (c > 7) bits |= bitsF32(m, b + 224, vlo, vhi) << 56;
            if (L8 != null) { // written out: C2 may leave a 100-byte helper un-inlined, boxing its vector argument
                markUnsafeAccess();
                LongVector.broadcast(L8, bits).lanewise(VectorOperators.LSHR, shifts).and(group)
                        .lanewise(VectorOperators.BIT_COUNT).convertShape(VectorOperators.L2I, I256, 0)
                        .intoMemorySegment(out, r * Integer.BYTES, LE);
            } else {
                storeRowCounts(bits, c, group, out, r);
            }
        }
    }

    @Override
    public void countRowsF64(MemorySegment m, long rows, long cols, double lo, double hi, MemorySegment out) {
        long r = 0;
        if (ROWS_256 && cols <= 8) {
            for (long full = rows - rows % 8; r < full; r = Math.min(full, r + ROW_BLOCK)) {
                countRowsF64Block(m, r, Math.min(full, r + ROW_BLOCK), (int) cols, lo, hi, out);
            }
        } else if (cols > 8) {
            Chunks.each(0, rows, cols * Double.BYTES, (f, t) -> {
                for (long k = f; k < t; k++) {
                    MemorySegment row = slice(m, cols * Double.BYTES, k, k + 1);
                    ScalarSupport.setI32(out, k, (int) VectorCounts.ANY.countF64(row, cols, lo, hi));
                }
            });
            r = rows;
        }
        ScalarSupport.countRowsF64(m, r, rows, cols, lo, hi, out);
    }

    /** Rows {@code [from, to)}, a multiple of 8, of {@code c <= 8} columns. */
    private static void countRowsF64Block(MemorySegment m, long from, long to, int c, double lo, double hi,
                                          MemorySegment out) {
        DoubleVector vlo = DoubleVector.broadcast(D256, opaque(lo)), vhi = DoubleVector.broadcast(D256, opaque(hi));
        int vectors = 2 * c;
        long group = (1L << c) - 1;
        LongVector shifts = rowShifts(c);
        final int len = loopLength(to - from);
        for (int j = 0; j < len; j += 8) {
            long r = from + j;
            long b = r * c * Double.BYTES;
            long bits = bitsF64(m, b, vlo, vhi) | bitsF64(m, b + 32, vlo, vhi) << 4;
            for (int k = 2; k < vectors; k += 2) {
                bits |= (bitsF64(m, b + 32L * k, vlo, vhi) | bitsF64(m, b + 32L * k + 32, vlo, vhi) << 4)
                        << (4 * k);
            }
            if (L8 != null) { // written out: C2 may leave a 100-byte helper un-inlined, boxing its vector argument
                markUnsafeAccess();
                LongVector.broadcast(L8, bits).lanewise(VectorOperators.LSHR, shifts).and(group)
                        .lanewise(VectorOperators.BIT_COUNT).convertShape(VectorOperators.L2I, I256, 0)
                        .intoMemorySegment(out, r * Integer.BYTES, LE);
            } else {
                storeRowCounts(bits, c, group, out, r);
            }
        }
    }

    @Override
    public void countRowsI64(MemorySegment m, long rows, long cols, long lo, long hi, MemorySegment out) {
        long range = hi - lo;
        long r = 0;
        if (range != -1L && ROWS_256 && cols <= 8) {
            for (long full = rows - rows % 8; r < full; r = Math.min(full, r + ROW_BLOCK)) {
                countRowsI64Block(m, r, Math.min(full, r + ROW_BLOCK), (int) cols, lo, range, out);
            }
        } else if (range != -1L && cols > 8) {
            Chunks.each(0, rows, cols * Long.BYTES, (f, t) -> {
                for (long k = f; k < t; k++) {
                    MemorySegment row = slice(m, cols * Long.BYTES, k, k + 1);
                    ScalarSupport.setI32(out, k, (int) VectorCounts.ANY.countI64(row, cols, lo, hi));
                }
            });
            r = rows;
        }
        ScalarSupport.countRowsI64(m, r, rows, cols, lo, hi, out);
    }

    /** Rows {@code [from, to)}, a multiple of 8, of {@code c <= 8} columns. */
    private static void countRowsI64Block(MemorySegment m, long from, long to, int c, long lo, long range,
                                          MemorySegment out) {
        LongVector bias = LongVector.broadcast(L256, opaque(lo ^ Long.MIN_VALUE));
        LongVector lim = LongVector.broadcast(L256, opaque((range ^ Long.MIN_VALUE) + 1));
        int vectors = 2 * c;
        long group = (1L << c) - 1;
        LongVector shifts = rowShifts(c);
        final int len = loopLength(to - from);
        for (int j = 0; j < len; j += 8) {
            long r = from + j;
            long b = r * c * Long.BYTES;
            long bits = bitsI64(m, b, bias, lim) | bitsI64(m, b + 32, bias, lim) << 4;
            for (int k = 2; k < vectors; k += 2) {
                bits |= (bitsI64(m, b + 32L * k, bias, lim) | bitsI64(m, b + 32L * k + 32, bias, lim) << 4)
                        << (4 * k);
            }
            if (L8 != null) { // written out: C2 may leave a 100-byte helper un-inlined, boxing its vector argument
                markUnsafeAccess();
                LongVector.broadcast(L8, bits).lanewise(VectorOperators.LSHR, shifts).and(group)
                        .lanewise(VectorOperators.BIT_COUNT).convertShape(VectorOperators.L2I, I256, 0)
                        .intoMemorySegment(out, r * Integer.BYTES, LE);
            } else {
                storeRowCounts(bits, c, group, out, r);
            }
        }
    }

    static void sumOfSquaresColumns(DType dtype, MemorySegment m, long rows, long cols, MemorySegment out) {
        final int w = D.length();
        if (dtype != DType.FLOAT64 || cols < w) {
            ScalarSupport.INSTANCE.sumOfSquaresColumns(dtype, m, rows, cols, out);
            return;
        }
        // Row by row, a vector of adjacent columns at a time. mul then add (never FMA) in row order, so every
        // column is summed exactly as the scalar loop does: the results are bit-identical.
        out.fill((byte) 0);
        if (cols > Chunks.items(Double.BYTES)) {
            // A row larger than a chunk: its columns go a chunk at a time (each column is summed on its own).
            for (long r = 0; r < rows; r++) {
                long row = r;
                Chunks.each(0, cols, Double.BYTES, (f, t) -> addSquares(m, row, row + 1, cols, f, t, out));
            }
            return;
        }
        Chunks.each(0, rows, cols * Double.BYTES, (f, t) -> addSquares(m, f, t, cols, 0, cols, out));
    }

    /** Adds {@code m[r, c]^2} to {@code out[c]} for rows {@code [fromRow, toRow)}, columns {@code [fromCol, toCol)}. */
    private static void addSquares(MemorySegment m, long fromRow, long toRow, long cols, long fromCol, long toCol,
                                   MemorySegment out) {
        final int w = D.length();
        long vecEnd = toCol - (toCol - fromCol) % w;
        for (long r = fromRow; r < toRow; r++) {
            long rowBase = r * cols;
            long c = fromCol;
            for (; c < vecEnd; c += w) {
                DoubleVector v = ld(m, rowBase + c);
                st(ld(out, c).add(v.mul(v)), out, c);
            }
            for (; c < toCol; c++) {
                double v = ScalarSupport.f64(m, rowBase + c);
                out.setAtIndex(ScalarSupport.F64, c, out.getAtIndex(ScalarSupport.F64, c) + v * v);
            }
        }
    }
}
