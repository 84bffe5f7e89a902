package dev.panamax.shm;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How to create or open a segment. Immutable: each method returns a new options object.
 *
 * {@snippet :
 * SegmentOptions opts = SegmentOptions.defaults()
 *         .directory(Path.of("/data/arrays"))   // any directory: a memory-mapped file store like np.memmap
 *         .lifetime(Lifetime.PERSISTENT)        // survive this JVM
 *         .reserve(true);                       // fail now on a full file system, never with SIGBUS later
 * try (SharedArray a = SharedArray.create("prices", DType.FLOAT64, Shape.of(1_000_000), opts)) {
 *     a.asDoubles().fill(1.0);
 * }
 * }
 *
 * <p>Defaults: directory {@link Segments#defaultDirectory()}, lifetime {@link Lifetime#PROCESS}, reserve on,
 * read-write, backend {@link Backend#FFM}, only files of this user, no prefault. {@code lifetime} and {@code reserve}
 * only matter to create; {@code readOnly}, {@code allowForeignOwner} and {@code prefault} only to open.
 */
public final class SegmentOptions {
    private static final SegmentOptions DEFAULTS = new SegmentOptions(null, Lifetime.PROCESS, true, false, Backend.FFM,
            false, false);

    private final Path directory;
    private final Lifetime lifetime;
    private final boolean reserve;
    private final boolean readOnly;
    private final Backend backend;
    private final boolean allowForeignOwner;
    private final boolean prefault;

    private SegmentOptions(Path directory, Lifetime lifetime, boolean reserve, boolean readOnly, Backend backend,
                           boolean allowForeignOwner, boolean prefault) {
        this.directory = directory;
        this.lifetime = lifetime;
        this.reserve = reserve;
        this.readOnly = readOnly;
        this.backend = backend;
        this.allowForeignOwner = allowForeignOwner;
        this.prefault = prefault;
    }

    /** {@return the default options} */
    public static SegmentOptions defaults() {
        return DEFAULTS;
    }

    /**
     * {@return options with that directory}
     *
     * @param dir the directory that holds the segment files (any directory; {@code /dev/shm} is memory)
     * @throws NullPointerException if {@code dir} is null
     */
    public SegmentOptions directory(Path dir) {
        return new SegmentOptions(Objects.requireNonNull(dir, "dir"), lifetime, reserve, readOnly, backend,
                allowForeignOwner, prefault);
    }

    /**
     * {@return options with that lifetime}
     *
     * @param lifetime {@link Lifetime#PROCESS} or {@link Lifetime#PERSISTENT}
     * @throws IllegalArgumentException if {@code lifetime} is {@link Lifetime#UNKNOWN}, which is only reported
     * @throws NullPointerException if {@code lifetime} is null
     */
    public SegmentOptions lifetime(Lifetime lifetime) {
        Objects.requireNonNull(lifetime, "lifetime");
        if (lifetime == Lifetime.UNKNOWN) {
            throw new IllegalArgumentException("lifetime UNKNOWN cannot be requested: expected PROCESS or PERSISTENT");
        }
        return new SegmentOptions(directory, lifetime, reserve, readOnly, backend, allowForeignOwner, prefault);
    }

    /**
     * {@return options with that reservation policy}
     *
     * @param reserve {@code true} (the default) to allocate the whole file at create with {@code posix_fallocate},
     *                so a full file system fails at create with {@link InsufficientSpaceException};
     *                {@code false} to create a sparse file whose pages are allocated on first touch (faster to
     *                create, but a full {@code /dev/shm} then shows only at the first touch of a page: SIGBUS,
     *                which HotSpot turns into an {@link InternalError} in the touching thread)
     */
    public SegmentOptions reserve(boolean reserve) {
        return new SegmentOptions(directory, lifetime, reserve, readOnly, backend, allowForeignOwner, prefault);
    }

    /**
     * {@return options with that access mode}
     *
     * @param readOnly {@code true} to map read-only at open (writes through
     *                 views and atomics then throw {@link UnsupportedOperationException}); create always maps read-write
     */
    public SegmentOptions readOnly(boolean readOnly) {
        return new SegmentOptions(directory, lifetime, reserve, readOnly, backend, allowForeignOwner, prefault);
    }

    /**
     * {@return options with that backend}
     *
     * @param backend how to map the file
     * @throws NullPointerException if {@code backend} is null
     */
    public SegmentOptions backend(Backend backend) {
        return new SegmentOptions(directory, lifetime, reserve, readOnly, Objects.requireNonNull(backend, "backend"),
                allowForeignOwner, prefault);
    }

    /**
     * Whether open accepts a file owned by another user. Off by default: anyone who may write the directory
     * ({@code /dev/shm} is writable by every user) can plant a file under a name a program expects, with forged
     * Panamax attributes, and a program that opened it would compute on, or write into, that user's data. Turn it on
     * only for directories and users you trust (a segment shared between two accounts on purpose).
     *
     * @param allow {@code true} to open files of any owner
     * @return options with that policy
     */
    public SegmentOptions allowForeignOwner(boolean allow) {
        return new SegmentOptions(directory, lifetime, reserve, readOnly, backend, allow, prefault);
    }

    /** {@return whether open accepts files owned by another user} */
    public boolean allowForeignOwner() {
        return allowForeignOwner;
    }

    /**
     * {@return options with that policy}
     *
     * @param prefault {@code true} to map every page of a segment into this process at open, on threads, when its
     *                 file lives in memory ({@code tmpfs} such as {@code /dev/shm}, {@code ramfs}, {@code hugetlbfs};
     *                 files on other file systems are never pre-faulted at open: it would read them whole from disk),
     *                 instead of one page fault per 4 KiB on first touch (see {@link SharedArray#prefault()}).
     *                 {@code false} (the default) leaves pages to fault on first touch: in one process that costs
     *                 about what pre-faulting costs (the kernel maps neighbouring pages of a tmpfs file together), and
     *                 nothing is paid for the parts of a large segment never read. Pre-faulting pays where several
     *                 processes take their first touches of one file at once, which is why pool workers pre-fault
     *                 the range each computes on (docs/performance.md has the measurements)
     */
    public SegmentOptions prefault(boolean prefault) {
        return new SegmentOptions(directory, lifetime, reserve, readOnly, backend, allowForeignOwner, prefault);
    }

    /** {@return whether open pre-faults a segment that lives in memory (off by default)} */
    public boolean prefault() {
        return prefault;
    }

    /** {@return the directory: the one set, else {@link Segments#defaultDirectory()} (read when called)} */
    public Path directory() {
        return directory != null ? directory : Segments.defaultDirectory();
    }

    /** {@return the lifetime a create gives the segment} */
    public Lifetime lifetime() {
        return lifetime;
    }

    /** {@return whether create reserves the full size up front} */
    public boolean reserve() {
        return reserve;
    }

    /** {@return whether open maps read-only} */
    public boolean readOnly() {
        return readOnly;
    }

    /** {@return the mapping backend} */
    public Backend backend() {
        return backend;
    }

    @Override
    public String toString() {
        return "SegmentOptions[directory=" + directory() + ", lifetime=" + lifetime + ", reserve=" + reserve
                + ", readOnly=" + readOnly + ", backend=" + backend + ", allowForeignOwner=" + allowForeignOwner + ", prefault=" + prefault + "]";
    }
}
