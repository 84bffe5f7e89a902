package dev.panamax.core;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Writes the values of a fill into a segment of one dtype: in batches of {@value #BATCH} elements computed into a
 * Java array (a loop C2 can vectorize when the values allow it) and copied to the segment in bulk, over chunks of
 * {@value #CHUNK} elements that a parallel fill hands to the common {@link java.util.concurrent.ForkJoinPool} (or
 * the pool of the calling fork-join task). Each value depends only on its element index, so the split never changes
 * the result; where a value is refused, the error names the lowest refused element, as a sequential fill would.
 */
final class FillWriter {
    /** Elements per fork-join task: a fixed size, so the split depends on the length alone. */
    static final int CHUNK = 1 << 16;
    /** Elements computed into a Java array before one bulk copy: 8 KiB of doubles, cache-resident. */
    static final int BATCH = 1 << 10;

    /** Computes the double values of elements {@code first .. first + n - 1} into {@code out[0 .. n)}. */
    @FunctionalInterface
    interface Doubles {
        void values(long first, double[] out, int n);
    }

    /** Computes the integer values of elements {@code first .. first + n - 1} into {@code out[0 .. n)}. */
    @FunctionalInterface
    interface Longs {
        void values(long first, long[] out, int n);
    }

    /**
     * The values of a fill for one target dtype: exactly one of {@code doubles} and {@code longs} is set. Integer
     * values wrap into narrower integer dtypes when {@code wrap}, and are otherwise checked against the dtype's
     * range; double values written to integer dtypes must be whole numbers in range.
     */
    record Source(Doubles doubles, Longs longs, boolean wrap) {
        static Source ofDoubles(Doubles d) {
            return new Source(d, null, false);
        }

        static Source ofLongs(Longs l, boolean wrap) {
            return new Source(null, l, wrap);
        }
    }

    /** Never started, only asked about: memory of a confined arena is not accessible by it. */
    private static final Thread OTHER_THREAD = new Thread(() -> { }, "panamax-fill-accessibility-probe");

    private FillWriter() {
    }

    /**
     * Fills every element of {@code segment}.
     *
     * @param parallel whether chunks may run on other threads (memory of a confined arena never does)
     * @throws IllegalArgumentException naming the lowest element whose value the dtype cannot hold
     */
    static void write(MemorySegment segment, DType dtype, Source source, boolean parallel) {
        long n = segment.byteSize() / dtype.byteSize();
        long chunks = (n + CHUNK - 1) / CHUNK;
        if (!parallel || chunks < 2 || !segment.isAccessibleBy(OTHER_THREAD)) {
            Batches b = new Batches(segment, dtype, source);
            for (long c = 0; c < chunks; c++) {
                b.chunk(c * CHUNK, Math.min(n, (c + 1) * CHUNK));
            }
            return;
        }
        AtomicReference<Failure> failure = new AtomicReference<>();
        new Split(segment, dtype, source, n, 0, chunks, failure).invoke();
        Failure f = failure.get();
        if (f != null) {
            throw f.error;
        }
    }

    /** The error of the lowest chunk that failed, so a parallel fill reports what a sequential one would. */
    private record Failure(long chunk, RuntimeException error) {
    }

    /** Chunks {@code [from, to)}, halved until one is left. */
    private static final class Split extends RecursiveAction {
        private final MemorySegment segment;
        private final DType dtype;
        private final Source source;
        private final long n;
        private final long from;
        private final long to;
        private final AtomicReference<Failure> failure;

        Split(MemorySegment segment, DType dtype, Source source, long n, long from, long to,
              AtomicReference<Failure> failure) {
            this.segment = segment;
            this.dtype = dtype;
            this.source = source;
            this.n = n;
            this.from = from;
            this.to = to;
            this.failure = failure;
        }

        @Override
        protected void compute() {
            if (to - from > 1) {
                long mid = (from + to) >>> 1;
                invokeAll(new Split(segment, dtype, source, n, from, mid, failure),
                        new Split(segment, dtype, source, n, mid, to, failure));
                return;
            }
            Failure f = failure.get();
            if (f != null && f.chunk < from) {
                return; // a lower chunk already failed: its error is the one reported
            }
            try {
                new Batches(segment, dtype, source).chunk(from * CHUNK, Math.min(n, (from + 1) * CHUNK));
            } catch (RuntimeException e) {
                Failure mine = new Failure(from, e);
                failure.accumulateAndGet(mine, (a, b) -> a == null || b.chunk < a.chunk ? b : a);
            }
        }
    }

    /** One thread's scratch arrays and the conversion from the source's values to the dtype's elements. */
    private static final class Batches {
        private final MemorySegment segment;
        private final DType dtype;
        private final Source source;
        private final double[] d = new double[BATCH];
        private final long[] l = new long[BATCH];
        private Object narrow;

        Batches(MemorySegment segment, DType dtype, Source source) {
            this.segment = segment;
            this.dtype = dtype;
            this.source = source;
        }

        void chunk(long from, long to) {
            for (long i = from; i < to; i += BATCH) {
                int m = (int) Math.min(BATCH, to - i);
                if (source.doubles != null) {
                    source.doubles.values(i, d, m);
                    writeDoubles(i, m);
                } else {
                    source.longs.values(i, l, m);
                    writeLongs(i, m);
                }
            }
        }

        private void writeDoubles(long first, int m) {
            switch (dtype) {
                case FLOAT64 -> copy(d, first, m);
                case FLOAT32 -> {
                    float[] f = floats();
                    for (int k = 0; k < m; k++) {
                        f[k] = (float) d[k];
                    }
                    copy(f, first, m);
                }
                default -> {
                    for (int k = 0; k < m; k++) {
                        l[k] = wholeNumber(d[k], first + k);
                    }
                    writeLongs(first, m);
                }
            }
        }

        private void writeLongs(long first, int m) {
            switch (dtype) {
                case FLOAT64 -> {
                    for (int k = 0; k < m; k++) {
                        d[k] = l[k];
                    }
                    copy(d, first, m);
                }
                case FLOAT32 -> {
                    float[] f = floats();
                    for (int k = 0; k < m; k++) {
                        f[k] = l[k];
                    }
                    copy(f, first, m);
                }
                case INT64 -> copy(l, first, m);
                case INT32 -> {
                    check(first, m);
                    int[] a = narrow instanceof int[] x ? x : (int[]) (narrow = new int[BATCH]);
                    for (int k = 0; k < m; k++) {
                        a[k] = (int) l[k];
                    }
                    copy(a, first, m);
                }
                case INT16 -> {
                    check(first, m);
                    short[] a = narrow instanceof short[] x ? x : (short[]) (narrow = new short[BATCH]);
                    for (int k = 0; k < m; k++) {
                        a[k] = (short) l[k];
                    }
                    copy(a, first, m);
                }
                case INT8, UINT8 -> {
                    check(first, m);
                    byte[] a = narrow instanceof byte[] x ? x : (byte[]) (narrow = new byte[BATCH]);
                    for (int k = 0; k < m; k++) {
                        a[k] = (byte) l[k];
                    }
                    copy(a, first, m);
                }
            }
        }

        private float[] floats() {
            return narrow instanceof float[] x ? x : (float[]) (narrow = new float[BATCH]);
        }

        private void check(long first, int m) {
            if (source.wrap) {
                return;
            }
            long min = Elements.min(dtype);
            long max = Elements.max(dtype);
            for (int k = 0; k < m; k++) {
                if (l[k] < min || l[k] > max) {
                    throw new IllegalArgumentException("element " + (first + k) + " would be " + l[k] + ", outside "
                            + dtype.numpyName() + " " + Elements.range(dtype));
                }
            }
        }

        private long wholeNumber(double v, long index) {
            if (Elements.isWhole(v)) {
                return (long) v;
            }
            throw new IllegalArgumentException("element " + index + " would be " + v + ", not a whole number in "
                    + dtype.numpyName() + " " + Elements.range(dtype));
        }

        private void copy(Object array, long first, int m) {
            MemorySegment.copy(array, 0, segment, (ValueLayout) dtype.layout(), first * dtype.byteSize(), m);
        }
    }
}
