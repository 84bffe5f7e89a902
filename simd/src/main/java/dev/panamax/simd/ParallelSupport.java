package dev.panamax.simd;

import dev.panamax.core.DType;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.FutureTask;

/**
 * Runs another {@link KernelSupport} on up to {@code threads} threads, each with at least {@link #THRESHOLD}
 * (64 Ki) elements; smaller inputs run on the calling thread: on this class of machine a second thread loses below
 * about 64 Ki elements (handing a part to a worker costs microseconds, the whole kernel about as much; see
 * {@link SpinningWorkers}). Above it, the range is cut into one contiguous part per thread with boundaries on
 * multiples of {@link #ALIGN} elements, so each thread streams its own pages and no two threads share a cache
 * line. The caller runs part 0 itself; partial results are combined in part order, so a given (length, threads)
 * always gives the same bits. Segments of a confined arena can only be touched by their
 * owner thread, so they always run on the calling thread.
 */
final class ParallelSupport implements KernelSupport {
    /** Each thread gets at least this many elements, so nothing fans out below twice this. */
    static final long THRESHOLD = 1L << 16;
    /** Part boundaries are multiples of this many elements (4 Ki: 16 or 32 KiB, whole pages). */
    static final long ALIGN = 1L << 12;

    private final KernelSupport d;
    private final int threads;

    ParallelSupport(KernelSupport delegate, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads=" + threads + ": expected at least 1");
        }
        this.d = delegate;
        this.threads = threads;
    }

    @Override
    public String name() {
        return "parallel(" + threads + ") over " + d.name();
    }

    @Override
    public String capabilities() {
        return d.capabilities();
    }

    /**
     * A thread that is never started, only asked about: a segment of a confined arena is accessible by its owner
     * thread alone, so it is not accessible by this one, and such inputs run on the calling thread.
     */
    private static final Thread OTHER_THREAD = new Thread(() -> { }, "panamax-accessibility-probe");

    int parts(long n, MemorySegment... segments) {
        int p = (int) Math.max(1, Math.min(threads, n / THRESHOLD));
        if (p > 1) {
            for (MemorySegment s : segments) {
                if (!accessibleByOtherThreads(s)) {
                    return 1;
                }
            }
        }
        return p;
    }

    /** @return {@code false} for memory of a confined arena, which only its owner thread may touch */
    static boolean accessibleByOtherThreads(MemorySegment s) {
        return s.isAccessibleBy(OTHER_THREAD);
    }

    /** Start of part {@code p} of {@code parts} over {@code n} items, aligned down to {@code align}. */
    static long start(long n, int parts, int p, long align) {
        if (p == 0) {
            return 0;
        }
        if (p == parts) {
            return n;
        }
        long s = n / parts * p + n % parts * p / parts; // p * n / parts without overflowing
        return s - s % align;
    }

    @FunctionalInterface
    interface Part<R> {
        R run(long from, long to);
    }

    /** Runs {@code part} over {@code parts} ranges of {@code [0, n)}, returning the results in range order. */
    static <R> List<R> fork(long n, int parts, long align, Part<R> part) {
        List<R> out = new ArrayList<>(Collections.nCopies(parts, null));
        List<FutureTask<R>> tasks = new ArrayList<>(Collections.nCopies(parts, null));
        try {
            for (int p = 1; p < parts; p++) {
                long from = start(n, parts, p, align);
                long to = start(n, parts, p + 1, align);
                FutureTask<R> t = new FutureTask<>(() -> part.run(from, to));
                tasks.set(p, t);
                SpinningWorkers.submit(t);
            }
            out.set(0, part.run(0, start(n, parts, 1, align)));
            for (int p = 1; p < parts; p++) {
                out.set(p, SpinningWorkers.join(tasks.get(p)));
                tasks.set(p, null);
            }
        } finally {
            for (FutureTask<R> t : tasks) {
                if (t != null) {
                    // A part failed: wait for the others so no thread touches the memory after we return.
                    SpinningWorkers.quietlyJoin(t);
                }
            }
        }
        return out;
    }

    private static MemorySegment slice(MemorySegment s, long bytes, long from, long to) {
        return s.asSlice(from * bytes, (to - from) * bytes);
    }

    // ---- reductions: partials combined in part order ----

    @Override
    public double sumOfSquaresF64(MemorySegment x, long n) {
        int p = parts(n, x);
        if (p == 1) {
            return d.sumOfSquaresF64(x, n);
        }
        List<Double> r = fork(n, p, ALIGN, (f, t) -> d.sumOfSquaresF64(slice(x, 8, f, t), t - f));
        double s = 0;
        for (Double v : r) {
            s += v;
        }
        return s;
    }

    @Override
    public float sumOfSquaresF32(MemorySegment x, long n) {
        int p = parts(n, x);
        if (p == 1) {
            return d.sumOfSquaresF32(x, n);
        }
        List<Float> r = fork(n, p, ALIGN, (f, t) -> d.sumOfSquaresF32(slice(x, 4, f, t), t - f));
        float s = 0;
        for (Float v : r) {
            s += v;
        }
        return s;
    }

    @Override
    public long sumOfSquaresI32(MemorySegment x, long n) {
        int p = parts(n, x);
        return p == 1 ? d.sumOfSquaresI32(x, n)
                : sumLongs(fork(n, p, ALIGN, (f, t) -> d.sumOfSquaresI32(slice(x, 4, f, t), t - f)));
    }

    @Override
    public long sumOfSquaresI64(MemorySegment x, long n) {
        int p = parts(n, x);
        return p == 1 ? d.sumOfSquaresI64(x, n)
                : sumLongs(fork(n, p, ALIGN, (f, t) -> d.sumOfSquaresI64(slice(x, 8, f, t), t - f)));
    }

    private static long sumLongs(List<Long> r) {
        long s = 0;
        for (Long v : r) {
            s += v;
        }
        return s;
    }

    @Override
    public double sumF64(MemorySegment x, long n) {
        int p = parts(n, x);
        if (p == 1) {
            return d.sumF64(x, n);
        }
        List<Double> r = fork(n, p, ALIGN, (f, t) -> d.sumF64(slice(x, 8, f, t), t - f));
        double s = 0;
        for (Double v : r) {
            s += v;
        }
        return s;
    }

    @Override
    public float sumF32(MemorySegment x, long n) {
        int p = parts(n, x);
        if (p == 1) {
            return d.sumF32(x, n);
        }
        List<Float> r = fork(n, p, ALIGN, (f, t) -> d.sumF32(slice(x, 4, f, t), t - f));
        float s = 0;
        for (Float v : r) {
            s += v;
        }
        return s;
    }

    @Override
    public long sumI32(MemorySegment x, long n) {
        int p = parts(n, x);
        return p == 1 ? d.sumI32(x, n) : sumLongs(fork(n, p, ALIGN, (f, t) -> d.sumI32(slice(x, 4, f, t), t - f)));
    }

    @Override
    public long sumI64(MemorySegment x, long n) {
        int p = parts(n, x);
        return p == 1 ? d.sumI64(x, n) : sumLongs(fork(n, p, ALIGN, (f, t) -> d.sumI64(slice(x, 8, f, t), t - f)));
    }

    @Override
    public double dotF64(MemorySegment a, MemorySegment b, long n) {
        int p = parts(n, a, b);
        if (p == 1) {
            return d.dotF64(a, b, n);
        }
        List<Double> r = fork(n, p, ALIGN, (f, t) -> d.dotF64(slice(a, 8, f, t), slice(b, 8, f, t), t - f));
        double s = 0;
        for (Double v : r) {
            s += v;
        }
        return s;
    }

    @Override
    public float dotF32(MemorySegment a, MemorySegment b, long n) {
        int p = parts(n, a, b);
        if (p == 1) {
            return d.dotF32(a, b, n);
        }
        List<Float> r = fork(n, p, ALIGN, (f, t) -> d.dotF32(slice(a, 4, f, t), slice(b, 4, f, t), t - f));
        float s = 0;
        for (Float v : r) {
            s += v;
        }
        return s;
    }

    @Override
    public long dotI32(MemorySegment a, MemorySegment b, long n) {
        int p = parts(n, a, b);
        return p == 1 ? d.dotI32(a, b, n)
                : sumLongs(fork(n, p, ALIGN, (f, t) -> d.dotI32(slice(a, 4, f, t), slice(b, 4, f, t), t - f)));
    }

    @Override
    public long dotI64(MemorySegment a, MemorySegment b, long n) {
        int p = parts(n, a, b);
        return p == 1 ? d.dotI64(a, b, n)
                : sumLongs(fork(n, p, ALIGN, (f, t) -> d.dotI64(slice(a, 8, f, t), slice(b, 8, f, t), t - f)));
    }

    @Override
    public double minF64(MemorySegment x, long n) {
        int p = parts(n, x);
        if (p == 1) {
            return d.minF64(x, n);
        }
        double m = Double.POSITIVE_INFINITY;
        for (Double v : fork(n, p, ALIGN, (f, t) -> d.minF64(slice(x, 8, f, t), t - f))) {
            m = Math.min(m, v);
        }
        return m;
    }

    @Override
    public float minF32(MemorySegment x, long n) {
        int p = parts(n, x);
        if (p == 1) {
            return d.minF32(x, n);
        }
        float m = Float.POSITIVE_INFINITY;
        for (Float v : fork(n, p, ALIGN, (f, t) -> d.minF32(slice(x, 4, f, t), t - f))) {
            m = Math.min(m, v);
        }
        return m;
    }

    @Override
    public int minI32(MemorySegment x, long n) {
        int p = parts(n, x);
        if (p == 1) {
            return d.minI32(x, n);
        }
        int m = Integer.MAX_VALUE;
        for (Integer v : fork(n, p, ALIGN, (f, t) -> d.minI32(slice(x, 4, f, t), t - f))) {
            m = Math.min(m, v);
        }
        return m;
    }

    @Override
    public long minI64(MemorySegment x, long n) {
        int p = parts(n, x);
        if (p == 1) {
            return d.minI64(x, n);
        }
        long m = Long.MAX_VALUE;
        for (Long v : fork(n, p, ALIGN, (f, t) -> d.minI64(slice(x, 8, f, t), t - f))) {
            m = Math.min(m, v);
        }
        return m;
    }

    @Override
    public double maxF64(MemorySegment x, long n) {
        int p = parts(n, x);
        if (p == 1) {
            return d.maxF64(x, n);
        }
        double m = Double.NEGATIVE_INFINITY;
        for (Double v : fork(n, p, ALIGN, (f, t) -> d.maxF64(slice(x, 8, f, t), t - f))) {
            m = Math.max(m, v);
        }
        return m;
    }

    @Override
    public float maxF32(MemorySegment x, long n) {
        int p = parts(n, x);
        if (p == 1) {
            return d.maxF32(x, n);
        }
        float m = Float.NEGATIVE_INFINITY;
        for (Float v : fork(n, p, ALIGN, (f, t) -> d.maxF32(slice(x, 4, f, t), t - f))) {
            m = Math.max(m, v);
        }
        return m;
    }

    @Override
    public int maxI32(MemorySegment x, long n) {
        int p = parts(n, x);
        if (p == 1) {
            return d.maxI32(x, n);
        }
        int m = Integer.MIN_VALUE;
        for (Integer v : fork(n, p, ALIGN, (f, t) -> d.maxI32(slice(x, 4, f, t), t - f))) {
            m = Math.max(m, v);
        }
        return m;
    }

    @Override
    public long maxI64(MemorySegment x, long n) {
        int p = parts(n, x);
        if (p == 1) {
            return d.maxI64(x, n);
        }
        long m = Long.MIN_VALUE;
        for (Long v : fork(n, p, ALIGN, (f, t) -> d.maxI64(slice(x, 8, f, t), t - f))) {
            m = Math.max(m, v);
        }
        return m;
    }

    @Override
    public long countF64(MemorySegment x, long n, double lo, double hi) {
        int p = parts(n, x);
        return p == 1 ? d.countF64(x, n, lo, hi)
                : sumLongs(fork(n, p, ALIGN, (f, t) -> d.countF64(slice(x, 8, f, t), t - f, lo, hi)));
    }

    @Override
    public long countF32(MemorySegment x, long n, float lo, float hi) {
        int p = parts(n, x);
        return p == 1 ? d.countF32(x, n, lo, hi)
                : sumLongs(fork(n, p, ALIGN, (f, t) -> d.countF32(slice(x, 4, f, t), t - f, lo, hi)));
    }

    @Override
    public long countI32(MemorySegment x, long n, int lo, int hi) {
        int p = parts(n, x);
        return p == 1 ? d.countI32(x, n, lo, hi)
                : sumLongs(fork(n, p, ALIGN, (f, t) -> d.countI32(slice(x, 4, f, t), t - f, lo, hi)));
    }

    @Override
    public long countI64(MemorySegment x, long n, long lo, long hi) {
        int p = parts(n, x);
        return p == 1 ? d.countI64(x, n, lo, hi)
                : sumLongs(fork(n, p, ALIGN, (f, t) -> d.countI64(slice(x, 8, f, t), t - f, lo, hi)));
    }

    // ---- row kernels: split by rows, each part writes its own rows of out ----

    /** Parts for a row kernel: the size test is on elements, the cut on rows (multiples of 64 rows). */
    int rowParts(long rows, long cols, MemorySegment m, MemorySegment out) {
        long elements = rows * cols;
        return rows < 2 * 64 ? 1 : Math.min(parts(elements, m, out), (int) Math.min(threads, rows / 64));
    }

    @FunctionalInterface
    interface RowPart {
        void run(MemorySegment m, long rows, MemorySegment out);
    }

    static void forkRows(MemorySegment m, long rows, long cols, long elemBytes, long outBytes,
                         MemorySegment out, int parts, RowPart part) {
        fork(rows, parts, 64, (f, t) -> {
            part.run(m.asSlice(f * cols * elemBytes, (t - f) * cols * elemBytes), t - f,
                    out.asSlice(f * outBytes, (t - f) * outBytes));
            return Boolean.TRUE;
        });
    }

    @Override
    public void countRowsF64(MemorySegment m, long rows, long cols, double lo, double hi, MemorySegment out) {
        int p = rowParts(rows, cols, m, out);
        if (p == 1) {
            d.countRowsF64(m, rows, cols, lo, hi, out);
        } else {
            forkRows(m, rows, cols, 8, 4, out, p, (mm, r, o) -> d.countRowsF64(mm, r, cols, lo, hi, o));
        }
    }

    @Override
    public void countRowsF32(MemorySegment m, long rows, long cols, float lo, float hi, MemorySegment out) {
        int p = rowParts(rows, cols, m, out);
        if (p == 1) {
            d.countRowsF32(m, rows, cols, lo, hi, out);
        } else {
            forkRows(m, rows, cols, 4, 4, out, p, (mm, r, o) -> d.countRowsF32(mm, r, cols, lo, hi, o));
        }
    }

    @Override
    public void countRowsI32(MemorySegment m, long rows, long cols, int lo, int hi, MemorySegment out) {
        int p = rowParts(rows, cols, m, out);
        if (p == 1) {
            d.countRowsI32(m, rows, cols, lo, hi, out);
        } else {
            forkRows(m, rows, cols, 4, 4, out, p, (mm, r, o) -> d.countRowsI32(mm, r, cols, lo, hi, o));
        }
    }

    @Override
    public void countRowsI64(MemorySegment m, long rows, long cols, long lo, long hi, MemorySegment out) {
        int p = rowParts(rows, cols, m, out);
        if (p == 1) {
            d.countRowsI64(m, rows, cols, lo, hi, out);
        } else {
            forkRows(m, rows, cols, 8, 4, out, p, (mm, r, o) -> d.countRowsI64(mm, r, cols, lo, hi, o));
        }
    }

    @Override
    public void hypotRows(DType dtype, MemorySegment m, long rows, long cols, long colA, long colB,
                          MemorySegment out) {
        int p = rowParts(rows, cols, m, out);
        if (p == 1) {
            d.hypotRows(dtype, m, rows, cols, colA, colB, out);
        } else {
            forkRows(m, rows, cols, dtype.byteSize(), 8, out, p,
                    (mm, r, o) -> d.hypotRows(dtype, mm, r, cols, colA, colB, o));
        }
    }

    @Override
    public void sumOfSquaresColumns(DType dtype, MemorySegment m, long rows, long cols, MemorySegment out) {
        // Per-column sums would need one partial vector per thread and a second pass; not worth it for the
        // column counts this library sees, so this kernel stays single-threaded.
        d.sumOfSquaresColumns(dtype, m, rows, cols, out);
    }

    // ---- scale: each part scales its own range ----

    @Override
    public void scaleF64(MemorySegment x, long n, double factor) {
        int p = parts(n, x);
        if (p == 1) {
            d.scaleF64(x, n, factor);
        } else {
            fork(n, p, ALIGN, (f, t) -> {
                d.scaleF64(slice(x, 8, f, t), t - f, factor);
                return Boolean.TRUE;
            });
        }
    }

    @Override
    public void scaleF32(MemorySegment x, long n, float factor) {
        int p = parts(n, x);
        if (p == 1) {
            d.scaleF32(x, n, factor);
        } else {
            fork(n, p, ALIGN, (f, t) -> {
                d.scaleF32(slice(x, 4, f, t), t - f, factor);
                return Boolean.TRUE;
            });
        }
    }

    @Override
    public void scaleI32(MemorySegment x, long n, int factor) {
        int p = parts(n, x);
        if (p == 1) {
            d.scaleI32(x, n, factor);
        } else {
            fork(n, p, ALIGN, (f, t) -> {
                d.scaleI32(slice(x, 4, f, t), t - f, factor);
                return Boolean.TRUE;
            });
        }
    }

    @Override
    public void scaleI64(MemorySegment x, long n, long factor) {
        int p = parts(n, x);
        if (p == 1) {
            d.scaleI64(x, n, factor);
        } else {
            fork(n, p, ALIGN, (f, t) -> {
                d.scaleI64(slice(x, 8, f, t), t - f, factor);
                return Boolean.TRUE;
            });
        }
    }
}
