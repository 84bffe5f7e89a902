package dev.panamax.simd;

import dev.panamax.core.DType;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.FutureTask;
import java.util.function.BinaryOperator;

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

    // ---- the one split-and-reduce: every kernel below is one call of these ----

    /** A kernel over one segment of {@code n} elements. */
    @FunctionalInterface
    interface Over<R> {
        R run(MemorySegment x, long n);
    }

    /** A kernel over two segments of {@code n} elements each. */
    @FunctionalInterface
    interface OverTwo<R> {
        R run(MemorySegment a, MemorySegment b, long n);
    }

    /** A kernel that writes over one segment of {@code n} elements. */
    @FunctionalInterface
    interface Writing {
        void run(MemorySegment x, long n);
    }

    /**
     * Runs {@code kernel} over {@code x} ({@code n} elements of {@code bytes} bytes) on the calling thread when one
     * part is enough, else over one part per thread, folding the parts' results in part order with {@code combine}.
     * Small enough for C2 to inline into each caller, where {@code kernel} has one exact type: the one-part path
     * then boxes nothing (the A/B in docs/design/kernel-speed.md measured it against the hand-written copies).
     */
    <R> R reduce(MemorySegment x, long bytes, long n, Over<R> kernel, BinaryOperator<R> combine) {
        int p = parts(n, x);
        return p == 1 ? kernel.run(x, n)
                : fold(fork(n, p, ALIGN, (f, t) -> kernel.run(slice(x, bytes, f, t), t - f)), combine);
    }

    /** {@link #reduce} over two segments of the same length, cut at the same elements. */
    <R> R reduce(MemorySegment a, MemorySegment b, long bytes, long n, OverTwo<R> kernel, BinaryOperator<R> combine) {
        int p = parts(n, a, b);
        return p == 1 ? kernel.run(a, b, n) : fold(fork(n, p, ALIGN,
                (f, t) -> kernel.run(slice(a, bytes, f, t), slice(b, bytes, f, t), t - f)), combine);
    }

    /** Runs {@code kernel} over {@code x}, one part per thread as {@link #reduce} cuts it. */
    void each(MemorySegment x, long bytes, long n, Writing kernel) {
        int p = parts(n, x);
        if (p == 1) {
            kernel.run(x, n);
        } else {
            fork(n, p, ALIGN, (f, t) -> {
                kernel.run(slice(x, bytes, f, t), t - f);
                return Boolean.TRUE;
            });
        }
    }

    private static <R> R fold(List<R> parts, BinaryOperator<R> combine) {
        R r = parts.getFirst();
        for (int i = 1; i < parts.size(); i++) {
            r = combine.apply(r, parts.get(i));
        }
        return r;
    }

    // ---- reductions: partials combined in part order ----

    @Override
    public double sumOfSquaresF64(MemorySegment x, long n) {
        return reduce(x, 8, n, d::sumOfSquaresF64, Double::sum);
    }

    @Override
    public float sumOfSquaresF32(MemorySegment x, long n) {
        return reduce(x, 4, n, d::sumOfSquaresF32, Float::sum);
    }

    @Override
    public long sumOfSquaresI32(MemorySegment x, long n) {
        return reduce(x, 4, n, d::sumOfSquaresI32, Long::sum);
    }

    @Override
    public long sumOfSquaresI64(MemorySegment x, long n) {
        return reduce(x, 8, n, d::sumOfSquaresI64, Long::sum);
    }

    @Override
    public double sumF64(MemorySegment x, long n) {
        return reduce(x, 8, n, d::sumF64, Double::sum);
    }

    @Override
    public float sumF32(MemorySegment x, long n) {
        return reduce(x, 4, n, d::sumF32, Float::sum);
    }

    @Override
    public long sumI32(MemorySegment x, long n) {
        return reduce(x, 4, n, d::sumI32, Long::sum);
    }

    @Override
    public long sumI64(MemorySegment x, long n) {
        return reduce(x, 8, n, d::sumI64, Long::sum);
    }

    @Override
    public double dotF64(MemorySegment a, MemorySegment b, long n) {
        return reduce(a, b, 8, n, d::dotF64, Double::sum);
    }

    @Override
    public float dotF32(MemorySegment a, MemorySegment b, long n) {
        return reduce(a, b, 4, n, d::dotF32, Float::sum);
    }

    @Override
    public long dotI32(MemorySegment a, MemorySegment b, long n) {
        return reduce(a, b, 4, n, d::dotI32, Long::sum);
    }

    @Override
    public long dotI64(MemorySegment a, MemorySegment b, long n) {
        return reduce(a, b, 8, n, d::dotI64, Long::sum);
    }

    @Override
    public double minF64(MemorySegment x, long n) {
        return reduce(x, 8, n, d::minF64, Math::min);
    }

    @Override
    public float minF32(MemorySegment x, long n) {
        return reduce(x, 4, n, d::minF32, Math::min);
    }

    @Override
    public int minI32(MemorySegment x, long n) {
        return reduce(x, 4, n, d::minI32, Math::min);
    }

    @Override
    public long minI64(MemorySegment x, long n) {
        return reduce(x, 8, n, d::minI64, Math::min);
    }

    @Override
    public double maxF64(MemorySegment x, long n) {
        return reduce(x, 8, n, d::maxF64, Math::max);
    }

    @Override
    public float maxF32(MemorySegment x, long n) {
        return reduce(x, 4, n, d::maxF32, Math::max);
    }

    @Override
    public int maxI32(MemorySegment x, long n) {
        return reduce(x, 4, n, d::maxI32, Math::max);
    }

    @Override
    public long maxI64(MemorySegment x, long n) {
        return reduce(x, 8, n, d::maxI64, Math::max);
    }

    @Override
    public long countF64(MemorySegment x, long n, double lo, double hi) {
        return reduce(x, 8, n, (s, k) -> d.countF64(s, k, lo, hi), Long::sum);
    }

    @Override
    public long countF32(MemorySegment x, long n, float lo, float hi) {
        return reduce(x, 4, n, (s, k) -> d.countF32(s, k, lo, hi), Long::sum);
    }

    @Override
    public long countI32(MemorySegment x, long n, int lo, int hi) {
        return reduce(x, 4, n, (s, k) -> d.countI32(s, k, lo, hi), Long::sum);
    }

    @Override
    public long countI64(MemorySegment x, long n, long lo, long hi) {
        return reduce(x, 8, n, (s, k) -> d.countI64(s, k, lo, hi), Long::sum);
    }

    // ---- row kernels: split by rows, each part writes its own rows of out ----

    /** Parts for a row kernel: the size test is on elements, the cut on rows (multiples of 64 rows). */
    int rowParts(long rows, long cols, MemorySegment m, MemorySegment out) {
        long elements = rows * cols;
        return rows < 2 * 64 ? 1 : Math.min(parts(elements, m, out), (int) Math.min(threads, rows / 64));
    }

    /** A row kernel over {@code rows} rows of {@code m}, writing their rows of {@code out}. */
    @FunctionalInterface
    interface RowPart {
        void run(MemorySegment m, long rows, MemorySegment out);
    }

    /**
     * Runs a row kernel over {@code rows} rows of {@code cols} elements of {@code elemBytes} bytes, each writing
     * {@code outBytes} bytes of {@code out} per row: on the calling thread when one part is enough, else one
     * contiguous range of rows (multiples of 64) per thread.
     */
    void rows(MemorySegment m, long rows, long cols, long elemBytes, long outBytes, MemorySegment out, RowPart part) {
        int p = rowParts(rows, cols, m, out);
        if (p == 1) {
            part.run(m, rows, out);
        } else {
            fork(rows, p, 64, (f, t) -> {
                part.run(m.asSlice(f * cols * elemBytes, (t - f) * cols * elemBytes), t - f,
                        out.asSlice(f * outBytes, (t - f) * outBytes));
                return Boolean.TRUE;
            });
        }
    }

    @Override
    public void countRowsF64(MemorySegment m, long rows, long cols, double lo, double hi, MemorySegment out) {
        rows(m, rows, cols, 8, 4, out, (mm, r, o) -> d.countRowsF64(mm, r, cols, lo, hi, o));
    }

    @Override
    public void countRowsF32(MemorySegment m, long rows, long cols, float lo, float hi, MemorySegment out) {
        rows(m, rows, cols, 4, 4, out, (mm, r, o) -> d.countRowsF32(mm, r, cols, lo, hi, o));
    }

    @Override
    public void countRowsI32(MemorySegment m, long rows, long cols, int lo, int hi, MemorySegment out) {
        rows(m, rows, cols, 4, 4, out, (mm, r, o) -> d.countRowsI32(mm, r, cols, lo, hi, o));
    }

    @Override
    public void countRowsI64(MemorySegment m, long rows, long cols, long lo, long hi, MemorySegment out) {
        rows(m, rows, cols, 8, 4, out, (mm, r, o) -> d.countRowsI64(mm, r, cols, lo, hi, o));
    }

    @Override
    public void hypotRows(DType dtype, MemorySegment m, long rows, long cols, long colA, long colB,
                          MemorySegment out) {
        rows(m, rows, cols, dtype.byteSize(), 8, out, (mm, r, o) -> d.hypotRows(dtype, mm, r, cols, colA, colB, o));
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
        each(x, 8, n, (s, k) -> d.scaleF64(s, k, factor));
    }

    @Override
    public void scaleF32(MemorySegment x, long n, float factor) {
        each(x, 4, n, (s, k) -> d.scaleF32(s, k, factor));
    }

    @Override
    public void scaleI32(MemorySegment x, long n, int factor) {
        each(x, 4, n, (s, k) -> d.scaleI32(s, k, factor));
    }

    @Override
    public void scaleI64(MemorySegment x, long n, long factor) {
        each(x, 8, n, (s, k) -> d.scaleI64(s, k, factor));
    }
}
