package dev.panamax.shm;

import dev.panamax.core.internal.Libc;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Maps the pages of a segment into this process before a kernel touches them, with
 * {@code madvise(MADV_POPULATE_READ)} (Linux 5.14 and later): one system call instead of one page fault per
 * 4 KiB page. A fresh mapping of 1 GiB takes 262,144 faults on its first read; populated in advance the first
 * kernel runs almost as fast as later ones. Which 2 MiB chunks are done is remembered, so asking again costs
 * nothing. Where the call is missing (older kernels, other systems, no native access) or fails, nothing happens
 * and pages fault on first touch as usual: pre-faulting is only ever an optimisation.
 */
final class Prefault {
    /** Chunks of this many bytes are populated (and remembered) as a unit. */
    static final long CHUNK = 2L << 20;
    /** {@code MADV_POPULATE_READ} from {@code <linux/mman.h>}; the same number on every architecture. */
    static final int MADV_POPULATE_READ = 22;
    /** A whole segment is split between threads in parts of at least this many bytes. */
    private static final long BYTES_PER_THREAD = 64L << 20;
    private static final int MAX_THREADS = 8;
    /** Checked once: without native access the call would make the JDK print a warning, for an optimisation. */
    private static final boolean AVAILABLE =
            Libc.linux() && Libc.nativeAccessEnabled() && Libc.memoryCallsAvailable();

    private final MemorySegment mapping;
    private final int advice;
    /** One bit per chunk of {@link #mapping}: populated already. */
    private final AtomicLongArray done;

    /**
     * @param mapping the whole mapping (page-aligned at its start, as every mapping is)
     * @param advice  the {@code madvise} advice: {@link #MADV_POPULATE_READ}, or another number in tests of the
     *                fallback
     */
    Prefault(MemorySegment mapping, int advice) {
        this.mapping = mapping;
        this.advice = advice;
        long chunks = (mapping.byteSize() + CHUNK - 1) / CHUNK;
        this.done = new AtomicLongArray((int) Math.max(1, (chunks + 63) / 64));
    }

    /** @return whether this JVM can pre-fault at all (Linux, native access enabled for Panamax) */
    static boolean available() {
        return AVAILABLE;
    }

    /**
     * Populates bytes {@code [from, from + length)} of the mapping (widened to whole chunks) that are not done yet,
     * on the calling thread.
     *
     * @return whether every chunk of the range is populated now (false where the kernel refused)
     */
    boolean range(long from, long length) {
        if (!AVAILABLE || length <= 0) {
            return false;
        }
        long first = from / CHUNK;
        long last = Math.min(mapping.byteSize() - 1, from + length - 1) / CHUNK;
        boolean ok = true;
        long c = first;
        while (c <= last) {
            if (isDone(c)) {
                c++;
                continue;
            }
            long end = c;
            while (end + 1 <= last && !isDone(end + 1)) {
                end++;
            }
            long start = c * CHUNK;
            long stop = Math.min(mapping.byteSize(), (end + 1) * CHUNK);
            if (advise(start, stop - start)) {
                for (long k = c; k <= end; k++) {
                    markDone(k);
                }
            } else {
                ok = false;
            }
            c = end + 1;
        }
        return ok;
    }

    /**
     * Populates the whole mapping, split between up to 8 threads (one per 64 MiB, no more than the processors).
     *
     * @return whether every chunk is populated now
     */
    boolean all() {
        long size = mapping.byteSize();
        int threads = (int) Math.max(1, Math.min(Math.min(MAX_THREADS, Runtime.getRuntime().availableProcessors()),
                size / BYTES_PER_THREAD));
        if (threads == 1 || !AVAILABLE) {
            return range(0, size);
        }
        long chunks = (size + CHUNK - 1) / CHUNK;
        boolean[] results = new boolean[threads];
        List<Thread> started = new ArrayList<>(threads - 1);
        for (int t = 1; t < threads; t++) {
            int part = t;
            long from = chunks * t / threads * CHUNK;
            long to = chunks * (t + 1) / threads * CHUNK;
            started.add(Thread.ofPlatform().daemon().name("panamax-prefault").start(() ->
                    results[part] = range(from, to - from)));
        }
        results[0] = range(0, chunks / threads * CHUNK);
        boolean ok = results[0];
        boolean interrupted = false;
        for (int t = 0; t < started.size(); t++) {
            while (true) {
                try {
                    started.get(t).join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            ok &= results[t + 1];
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return ok;
    }

    private boolean advise(long offset, long length) {
        try {
            return Libc.madvise(mapping.asSlice(offset, length), length, advice) == 0;
        } catch (RuntimeException t) {
            return false;
        }
    }

    private boolean isDone(long chunk) {
        return (done.get((int) (chunk >>> 6)) & (1L << chunk)) != 0;
    }

    private void markDone(long chunk) {
        int i = (int) (chunk >>> 6);
        long bit = 1L << chunk;
        long v;
        do {
            v = done.get(i);
        } while ((v & bit) == 0 && !done.compareAndSet(i, v, v | bit));
    }
}
