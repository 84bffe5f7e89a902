package dev.panamax.core;

import dev.panamax.core.internal.Libc;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Large anonymous mappings advised for transparent huge pages, the policy NumPy applies to arrays of 4 MiB and
 * more: {@code mmap} of the size plus 2 MiB, the data starting at the first 2 MiB boundary, {@code madvise(...,
 * MADV_HUGEPAGE)} before the first touch, {@code munmap} when the owning arena closes. With 2 MiB pages a kernel
 * streaming a large array takes far fewer TLB misses; measured on this project's VM (JDK 25, 16 Mi float64), the
 * C AVX2 sum of squares over the same memory ran 0.31 ns per element with the advice and 0.40 without.
 *
 * <p>Used only on Linux, and only where this module may call native code ({@code --enable-native-access}); else
 * {@link #allocate} returns null and the caller allocates from its arena as usual, without a warning. The advice
 * is a hint: the kernel gives huge pages only when {@code /sys/kernel/mm/transparent_hugepage/enabled} is
 * {@code madvise} or {@code always}, and the memory is zero-filled and usable either way.
 */
final class HugePages {
    /** Arrays of at least this many bytes are mapped and advised (NumPy's threshold). */
    static final long MIN_BYTES = 4L << 20;
    /** The huge page size on x86-64 and on aarch64 with 4 KiB base pages. */
    static final long PAGE = 2L << 20;

    private static final int MADV_HUGEPAGE = 14;
    /** Checked once: without native access the calls would make the JDK print a warning, for a mere hint. */
    private static final boolean AVAILABLE =
            Libc.linux() && Libc.nativeAccessEnabled() && Libc.memoryCallsAvailable();

    private HugePages() {
    }

    /** @return whether {@link #allocate} maps memory on this JVM (Linux, native access enabled) */
    static boolean available() {
        return AVAILABLE;
    }

    /**
     * Maps {@code bytes} bytes of zero-filled memory, 2 MiB aligned and advised for huge pages, unmapped when
     * {@code arena} closes.
     *
     * @param bytes the size in bytes
     * @param arena the owner of the mapping
     * @return the memory, or null if {@code bytes} is below {@link #MIN_BYTES}, huge pages are not
     *     {@linkplain #available() available}, or {@code mmap} failed (the caller then allocates from its arena)
     */
    static MemorySegment allocate(long bytes, Arena arena) {
        if (bytes < MIN_BYTES || !AVAILABLE || bytes > Long.MAX_VALUE - PAGE) {
            return null;
        }
        long length = bytes + PAGE;
        long start = Libc.mmapAnonymous(length);
        if (start == -1L) {
            return null; // MAP_FAILED: out of address space or memory; let the arena report it
        }
        try {
            long aligned = (start + PAGE - 1) & -PAGE;
            // Advice before the first touch, on the bare address: a hint, so any result is fine.
            int ignored = Libc.madvise(MemorySegment.ofAddress(aligned), bytes, MADV_HUGEPAGE);
            return Libc.segment(aligned, bytes, arena, s -> unmap(start, length));
        } catch (RuntimeException | Error e) {
            unmap(start, length);
            throw e;
        }
    }

    private static void unmap(long start, long length) {
        if (Libc.munmap(start, length) != 0) {
            throw new IllegalStateException("munmap of " + length + " bytes at " + start + " failed");
        }
    }
}
