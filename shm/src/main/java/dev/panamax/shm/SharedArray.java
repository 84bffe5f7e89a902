package dev.panamax.shm;

import dev.panamax.core.DType;
import dev.panamax.core.NpyFormatException;
import dev.panamax.core.NpyHeader;
import dev.panamax.core.Npy;
import dev.panamax.core.NumericArray;
import dev.panamax.core.Shape;
import dev.panamax.shm.internal.SegmentMapping;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A named array that several processes share without copying: a plain NumPy {@code .npy} file, by default in
 * {@code /dev/shm}, mapped into every process that opens it.
 *
 * {@snippet :
 * // producer
 * try (SharedArray a = SharedArray.create("prices", DType.FLOAT64, Shape.of(200_000, 5))) {
 *     a.asDoubles().fill(1.5);
 *     // ... hand the name "prices" to other processes; they open it and see the same memory
 * }   // close unmaps; the PROCESS lifetime unlinks the name when this JVM exits
 *
 * // consumer, in another process: dtype and shape come from the segment itself
 * try (SharedArray a = SharedArray.open("prices")) {
 *     double s = Kernels.sumOfSquares(a.asDoubles());
 * }
 * }
 *
 * <h2>Layout</h2>
 * <pre>
 * byte 0              the .npy header: \x93NUMPY 1 0 HEADER_LEN {'descr': '&lt;f8', 'fortran_order': False,
 *                     'shape': (200000, 5), } padded with spaces and '\n'   (Npy.encodeHeader)
 * byte 4096           element 0 ... element n-1, row-major, little-endian    ({@link #segment()})
 * user.panamax.*      creator identity (pid, start tick, pid namespace, boot id, host), lifetime, creation time
 *                     (extended attributes; see docs/segment-safety.md)
 * </pre>
 * Files written by NumPy (data at byte 64 or 128) open as they are.
 *
 * <h2>Lifecycle</h2>
 * <ul>
 * <li>{@link #create} never overwrites and never publishes a half-written file: it checks the free space, writes a
 *     temporary file ({@code .panamax-tmp-<name>-<pid>-<random>}, mode 0600) in the same directory, reserves the
 *     whole size with {@code posix_fallocate} (so a full {@code /dev/shm} fails now with
 *     {@link InsufficientSpaceException}, never with SIGBUS later), writes the header and attributes, runs the
 *     caller's initialiser if given ({@link #create(String, DType, Shape, SegmentOptions, Consumer)}), links the
 *     file to the name (which fails if the name exists) and removes the temporary name. Data is zero unless the
 *     initialiser wrote it.</li>
 * <li>{@link #open} attaches to a regular file owned by this user (another user's only with
 *     {@link SegmentOptions#allowForeignOwner(boolean)}), opened without following links or blocking, and holds a
 *     shared {@code flock} on it while mapped, which tells {@link Segments#gc} that it is in use.</li>
 * <li>{@link #close()} unmaps, in every process. Idempotent and thread-safe; any later access through this
 *     object or a view made from it throws {@link IllegalStateException}, never crashes.</li>
 * <li>{@link #unlink()} removes the name, once, explicitly; mappings stay valid until closed (POSIX). Attachers
 *     never unlink implicitly. A {@link Lifetime#PROCESS} segment (the default) is unlinked when the creating JVM
 *     exits normally, and by {@link Segments#gc} once its creator is certainly dead and nothing maps it.</li>
 * </ul>
 *
 * <h2>A segment truncated while mapped</h2>
 * Panamax never shrinks a segment, but nothing stops a process of the same user (or root) from doing so while
 * others have it mapped ({@code truncate -s}, {@code ftruncate}); a tmpfs file cannot be sealed against it. Every
 * access to a page past the new end of file then raises SIGBUS. What a reader sees:
 * <ul>
 * <li>{@link #checkNotTruncated()}, one {@code fstat}, throws a {@link SegmentTruncatedException} that names the
 *     segment, the length its data needs and the file's length now. {@code panamax compute} calls it before and
 *     after every kernel call; call it likewise where other processes could truncate.</li>
 * <li>An access that faults does not crash the JVM: HotSpot skips the faulting instruction (a load yields
 *     garbage), makes an {@link InternalError} "a fault occurred in an unsafe memory access operation" pending,
 *     and throws it in the accessing thread at its next safepoint poll. No hs_err file is written. This holds for
 *     {@link MemorySegment} accesses in the interpreter and in C1 and C2 code, for bulk copies and fills, and for
 *     every kernel of {@code Kernels} (scalar, SIMD, parallel). It does not hold for your own Vector API code:
 *     C2 leaves a compiled method whose only accesses are vector loads and stores unprotected, and a SIGBUS
 *     there kills the JVM (exit 134, hs_err file).</li>
 * <li>Between the fault and the poll the code runs on, faulting once per access. Panamax's kernels pass a poll
 *     at least once per MiB they touch, so the error comes within milliseconds and SIGTERM is honoured. Your own
 *     loops over a segment are polled inside only under collectors that keep safepoints in counted loops (G1,
 *     ZGC, Shenandoah): under Serial or Parallel, a loop over a truncated gigabyte faults on every remaining
 *     element, for minutes, and the JVM cannot act on SIGTERM until the loop ends.</li>
 * <li>The poll may come after a kernel has returned a value computed from garbage: a result counts only if
 *     {@link #checkNotTruncated()} passes after it.</li>
 * <li>A file shrunk and grown back between two checks reads as zeros where pages were dropped; no check can
 *     tell.</li>
 * </ul>
 * {@snippet :
 * try {
 *     a.checkNotTruncated();
 *     double s = Kernels.sumOfSquares(a.asDoubles());
 *     a.checkNotTruncated(); // s is the sum of the data only if this passes
 * } catch (InternalError fault) {
 *     a.checkNotTruncated(); // throws SegmentTruncatedException if that was the fault
 *     throw fault;
 * }
 * }
 * Treat the exception as fatal for the data, not for the process.
 */
public final class SharedArray implements NumericArray, AutoCloseable {
    private final String name;
    private final Path path;
    private final DType dtype;
    private final Shape shape;
    private final SegmentMapping mapping;
    private final MemorySegment data;
    /** The checked file, holding a shared {@code flock} for as long as the mapping lives. */
    private final SegmentFile file;
    /** The file length the header and data need: where the data ends, in bytes from the start of the file. */
    private final long end;
    private final Prefault pages;
    private volatile boolean open = true;

    SharedArray(String name, Path path, DType dtype, Shape shape, SegmentMapping mapping, MemorySegment data,
                SegmentFile file) {
        this.name = name;
        this.path = path;
        this.dtype = dtype;
        this.shape = shape;
        this.mapping = mapping;
        this.data = data;
        this.file = file;
        this.end = data.address() - mapping.whole().address() + data.byteSize();
        this.pages = new Prefault(mapping.whole(), Prefault.MADV_POPULATE_READ);
    }

    /**
     * Creates a zero-filled segment in {@link Segments#defaultDirectory()} with lifetime {@link Lifetime#PROCESS},
     * reserved up front.
     *
     * @param name 1 to 200 characters of {@code [A-Za-z0-9._-]}, not starting with {@code .}
     * @param dtype the element type
     * @param shape the dimensions
     * @return the mapped segment; close it in every process
     * @throws IllegalArgumentException if the name is invalid or the size overflows a {@code long}
     * @throws SegmentExistsException if the name exists (the existing file is not touched)
     * @throws InsufficientSpaceException if the file system cannot hold the segment (nothing is left behind)
     * @throws IOException if the directory cannot be written (for example {@link AccessDeniedException})
     */
    public static SharedArray create(String name, DType dtype, Shape shape) throws IOException {
        return create(name, dtype, shape, SegmentOptions.defaults());
    }

    /**
     * Creates a zero-filled segment.
     *
     * @param name 1 to 200 characters of {@code [A-Za-z0-9._-]}, not starting with {@code .}
     * @param dtype the element type
     * @param shape the dimensions
     * @param options directory, lifetime, reservation, backend ({@code readOnly} is ignored: create maps
     *                read-write)
     * @return the mapped segment; close it in every process
     * @throws IllegalArgumentException if the name is invalid or the size overflows a {@code long}
     * @throws NullPointerException if dtype, shape or options is null
     * @throws SegmentExistsException if the name exists (the existing file is not touched)
     * @throws InsufficientSpaceException if the file system cannot hold the segment (nothing is left behind)
     * @throws IllegalStateException if the backend is not available (see {@link Backend#CHRONICLE})
     * @throws IOException if the directory is missing or cannot be written
     */
    public static SharedArray create(String name, DType dtype, Shape shape, SegmentOptions options) throws IOException {
        return Creation.create(name, dtype, shape, options, null);
    }

    /**
     * Creates a segment and lets the caller fill it before anyone can see it: {@code init} runs on the mapped,
     * zero-filled array while it exists only as a temporary file, and the name is published after {@code init}
     * returns. If {@code init} throws (or this process dies meanwhile), nothing is published: the temporary file is
     * removed (or, after a crash, collected by {@link Segments#gc}).
     *
     * {@snippet :
     * try (SharedArray a = SharedArray.create("prices", DType.FLOAT64, Shape.of(1_000_000), SegmentOptions.defaults(),
     *         x -> x.asDoubles().fill(1.5))) {   // readers that open "prices" see 1.5 everywhere, never zeros
     *     // ...
     * }
     * // A Fill is an initialiser too: NumPy's full, arange, seeded random numbers, functions of the index
     * try (SharedArray noise = SharedArray.create("noise", DType.FLOAT32, Shape.of(1000, 64), SegmentOptions.defaults(),
     *         Fill.normal(42))) {
     *     // ...
     * }
     * }
     *
     * @param name 1 to 200 characters of {@code [A-Za-z0-9._-]}, not starting with {@code .}
     * @param dtype the element type
     * @param shape the dimensions
     * @param options directory, lifetime, reservation, backend ({@code readOnly} is ignored)
     * @param init fills the array, for example a {@link dev.panamax.core.Fill}; it must not close or unlink it
     *             ({@link #unlink()} fails until published)
     * @return the mapped, published segment; close it in every process
     * @throws IllegalArgumentException if the name is invalid or the size overflows a {@code long}
     * @throws NullPointerException if dtype, shape, options or init is null
     * @throws SegmentExistsException if the name exists, before or after {@code init} runs (the existing file is
     *                                not touched; nothing is published)
     * @throws InsufficientSpaceException if the file system cannot hold the segment (nothing is left behind)
     * @throws IllegalStateException if {@code init} closed the array, or the backend is not available
     * @throws IOException if the directory is missing or cannot be written
     */
    public static SharedArray create(String name, DType dtype, Shape shape, SegmentOptions options,
                                     Consumer<? super SharedArray> init) throws IOException {
        return Creation.create(name, dtype, shape, options, Objects.requireNonNull(init, "init"));
    }

    /**
     * Creates a 1-D float64 segment holding a copy of {@code values}, published only once the copy is complete
     * (see {@link #create(String, DType, Shape, SegmentOptions, Consumer)}).
     *
     * @param name 1 to 200 characters of {@code [A-Za-z0-9._-]}, not starting with {@code .}
     * @param values the elements
     * @param options directory, lifetime, reservation, backend
     * @return the mapped, published segment; close it in every process
     * @throws NullPointerException if {@code values} or {@code options} is null
     * @throws SegmentExistsException if the name exists (nothing is published)
     * @throws IOException as {@link #create(String, DType, Shape, SegmentOptions)} does
     */
    public static SharedArray copyOf(String name, double[] values, SegmentOptions options) throws IOException {
        return create(name, DType.FLOAT64, Shape.of(values.length), options, a -> a.asDoubles().copyFrom(values));
    }

    /**
     * Creates a 1-D float32 segment holding a copy of {@code values}, published only once the copy is complete
     * (see {@link #create(String, DType, Shape, SegmentOptions, Consumer)}).
     *
     * @param name 1 to 200 characters of {@code [A-Za-z0-9._-]}, not starting with {@code .}
     * @param values the elements
     * @param options directory, lifetime, reservation, backend
     * @return the mapped, published segment; close it in every process
     * @throws NullPointerException if {@code values} or {@code options} is null
     * @throws SegmentExistsException if the name exists (nothing is published)
     * @throws IOException as {@link #create(String, DType, Shape, SegmentOptions)} does
     */
    public static SharedArray copyOf(String name, float[] values, SegmentOptions options) throws IOException {
        return create(name, DType.FLOAT32, Shape.of(values.length), options, a -> a.asFloats().copyFrom(values));
    }

    /**
     * Creates a 1-D int32 segment holding a copy of {@code values}, published only once the copy is complete
     * (see {@link #create(String, DType, Shape, SegmentOptions, Consumer)}).
     *
     * @param name 1 to 200 characters of {@code [A-Za-z0-9._-]}, not starting with {@code .}
     * @param values the elements
     * @param options directory, lifetime, reservation, backend
     * @return the mapped, published segment; close it in every process
     * @throws NullPointerException if {@code values} or {@code options} is null
     * @throws SegmentExistsException if the name exists (nothing is published)
     * @throws IOException as {@link #create(String, DType, Shape, SegmentOptions)} does
     */
    public static SharedArray copyOf(String name, int[] values, SegmentOptions options) throws IOException {
        return create(name, DType.INT32, Shape.of(values.length), options, a -> a.asInts().copyFrom(values));
    }

    /**
     * Creates a 1-D int64 segment holding a copy of {@code values}, published only once the copy is complete
     * (see {@link #create(String, DType, Shape, SegmentOptions, Consumer)}).
     *
     * @param name 1 to 200 characters of {@code [A-Za-z0-9._-]}, not starting with {@code .}
     * @param values the elements
     * @param options directory, lifetime, reservation, backend
     * @return the mapped, published segment; close it in every process
     * @throws NullPointerException if {@code values} or {@code options} is null
     * @throws SegmentExistsException if the name exists (nothing is published)
     * @throws IOException as {@link #create(String, DType, Shape, SegmentOptions)} does
     */
    public static SharedArray copyOf(String name, long[] values, SegmentOptions options) throws IOException {
        return create(name, DType.INT64, Shape.of(values.length), options, a -> a.asLongs().copyFrom(values));
    }

    /**
     * Opens (attaches to) a segment in {@link Segments#defaultDirectory()}, read-write; dtype and shape are read
     * from the segment.
     *
     * @param name the segment name
     * @return the mapped segment; close it when done (this does not unlink it)
     * @throws IllegalArgumentException if the name is invalid
     * @throws NoSuchSegmentException if there is no such file
     * @throws NpyFormatException if the file is not a usable {@code .npy} file (bad magic, truncated, a shape that
     *                            needs more bytes than the file has, column-major 2-D or more)
     * @throws SegmentException if the name is a symbolic link or not a regular file, is owned by another user
     *                          (see {@link SegmentOptions#allowForeignOwner(boolean)}), or is locked exclusively
     *                          for more than 2 s
     * @throws IOException if the file cannot be opened or mapped
     */
    public static SharedArray open(String name) throws IOException {
        return open(name, SegmentOptions.defaults());
    }

    /**
     * Opens a segment, checking that it holds what the caller expects.
     *
     * @param name the segment name
     * @param expectedDtype the dtype the caller needs, or {@code null} for any
     * @param expectedShape the shape the caller needs, or {@code null} for any
     * @return the mapped segment
     * @throws SegmentException if the dtype or shape differs (the message says which and both values), or the name
     *                          is a symbolic link, not a regular file, or owned by another user
     * @throws IllegalArgumentException if the name is invalid
     * @throws NoSuchSegmentException if there is no such file
     * @throws NpyFormatException if the file is not a usable {@code .npy} file
     * @throws IOException if the file cannot be opened or mapped
     */
    public static SharedArray open(String name, DType expectedDtype, Shape expectedShape) throws IOException {
        SharedArray a = open(name, SegmentOptions.defaults());
        String differs = null;
        if (expectedDtype != null && expectedDtype != a.dtype) {
            differs = "dtype differs";
        }
        if (expectedShape != null && !expectedShape.equals(a.shape)) {
            differs = differs == null ? "shape differs" : "dtype and shape differ";
        }
        if (differs != null) {
            a.close();
            throw new SegmentException("segment '" + name + "' in " + a.path.getParent() + " is "
                    + a.dtype.numpyName() + " " + a.shape + ", expected "
                    + (expectedDtype == null ? "any dtype" : expectedDtype.numpyName()) + " "
                    + (expectedShape == null ? "any shape" : expectedShape) + ": " + differs);
        }
        return a;
    }

    /**
     * Opens (attaches to) a segment.
     *
     * @param name the segment name
     * @param options directory, read-only, backend (lifetime and reserve are ignored)
     * @return the mapped segment; close it when done (this does not unlink it)
     * @throws IllegalArgumentException if the name is invalid
     * @throws NoSuchSegmentException if there is no such file
     * @throws NpyFormatException if the file is not a usable {@code .npy} file (bad magic, truncated, a shape that
     *                            needs more bytes than the file has, column-major 2-D or more)
     * @throws SegmentException if the name is a symbolic link or not a regular file, is owned by another user
     *                          (see {@link SegmentOptions#allowForeignOwner(boolean)}), or is locked exclusively
     *                          for more than 2 s
     * @throws IllegalStateException if the backend is not available (see {@link Backend#CHRONICLE})
     * @throws IOException if the file cannot be opened or mapped (for example {@link AccessDeniedException})
     */
    public static SharedArray open(String name, SegmentOptions options) throws IOException {
        Names.check(name);
        Objects.requireNonNull(options, "options");
        Posix.requireAvailable();
        Path dir = options.directory();
        Path p = dir.resolve(name);
        String what = "segment '" + name + "' in " + dir;
        SegmentFile f = Segments.openSegment(what, p);
        SegmentMapping mapping = null;
        try {
            requireOwner(what, f, options);
            f.lockShared(what);
            Posix.Stat now = f.restat();
            if (now.nlink() == 0) {
                throw new NoSuchSegmentException("no " + what + " (unlinked while opening)");
            }
            if (now.size() == 0) {
                throw new NpyFormatException(what + " is not a .npy file: 0 bytes, too short for the 10-byte preamble");
            }
            mapping = SegmentMapping.map(options.backend(), f.procPath(), now.size(), options.readOnly());
            MemorySegment whole = mapping.whole();
            NpyHeader h;
            try {
                h = Npy.parseHeader(whole, whole.byteSize());
                h.requireRowMajor();
            } catch (NpyFormatException e) {
                throw new NpyFormatException(what + ": " + e.getMessage(), e);
            } catch (InternalError fault) {
                // Truncated between the size check and the header read: the read faulted.
                checkLength(what, f, whole.byteSize(), fault);
                throw fault;
            }
            // The header was checked against the length at mapping time; the file may have shrunk since.
            checkLength(what, f, h.dataOffset() + h.dataBytes(), null);
            MemorySegment data = whole.asSlice(h.dataOffset(), h.dataBytes());
            SharedArray a = new SharedArray(name, p, h.dtype(), h.shape(), mapping, data, f);
            if (options.prefault() && inMemory(p)) {
                a.prefault();
            }
            return a;
        } catch (IOException | RuntimeException | Error e) {
            if (mapping != null) {
                mapping.close();
            }
            f.close();
            throw e;
        }
    }

    /**
     * Checks that the file still holds all of this segment's header and data, with one {@code fstat} on the
     * descriptor it was opened through (so it checks the mapped file even after its name was unlinked or reused).
     * Another process can truncate a mapped file, and accesses past the new end then fault; see the class comment
     * for what a reader sees, and call this before and after kernel calls where that can happen. A fault raised by
     * an earlier access and still pending is delivered here, as this exception.
     *
     * @throws SegmentTruncatedException if the file is shorter than the header and data need; the message names the
     *                                   segment, its directory, the length needed and the length now, in bytes
     * @throws IllegalStateException if the segment has been closed
     * @throws IOException if the file's length cannot be read
     */
    public void checkNotTruncated() throws IOException {
        requireOpen();
        checkLength("segment '" + name + "' in " + path.getParent(), file, end, null);
    }

    private static void checkLength(String what, SegmentFile f, long needed, Throwable fault) throws IOException {
        long size;
        try {
            size = f.restat().size();
        } catch (InternalError pending) {
            // HotSpot raises a fault of an earlier access at the next safepoint, which may be in here: look again.
            size = f.restat().size();
            if (size >= needed) {
                throw pending;
            }
            fault = fault == null ? pending : fault;
        }
        if (size < needed) {
            throw new SegmentTruncatedException(what + " was truncated while mapped: its header and data need "
                    + needed + " bytes, the file now has " + size + " (another process shrank it; reads past the end "
                    + "fault)", needed, size, fault);
        }
    }

    private static void requireOwner(String what, SegmentFile f, SegmentOptions options) throws SegmentException {
        long uid = Integer.toUnsignedLong(f.stat().uid());
        if (uid != Segments.effectiveUid() && !options.allowForeignOwner()) {
            throw new SegmentException(what + " is owned by " + Segments.ownerName(f.procPath(), f.stat().uid())
                    + " (uid " + uid + "), not by this user (uid " + Segments.effectiveUid() + "): another user may "
                    + "have planted it; open it only if you trust that user, with "
                    + "SegmentOptions.allowForeignOwner(true) (panamax --allow-foreign)");
        }
    }

    /**
     * Removes a segment's name from {@link Segments#defaultDirectory()}. Processes that have it open keep their
     * mapping until they close it.
     *
     * @param name the segment name
     * @throws IllegalArgumentException if the name is invalid
     * @throws NoSuchSegmentException if there is no such file
     * @throws IOException if the file cannot be removed
     */
    public static void unlink(String name) throws IOException {
        unlink(name, Segments.defaultDirectory());
    }

    /**
     * Removes a segment's name from a directory. A symbolic link at the name is removed itself, never followed.
     *
     * @param name the segment name
     * @param dir the directory
     * @throws IllegalArgumentException if the name is invalid
     * @throws NoSuchSegmentException if there is no such file
     * @throws IOException if the file cannot be removed
     */
    public static void unlink(String name, Path dir) throws IOException {
        Names.check(name);
        Path p = dir.resolve(name);
        try {
            Files.delete(p);
        } catch (NoSuchFileException e) {
            throw new NoSuchSegmentException("no segment '" + name + "' in " + dir, e);
        }
        ProcessSegments.forget(p);
    }

    /**
     * Removes this segment's name, exactly once. The mapping stays valid until {@link #close()}, here and in every
     * other process. Allowed after close.
     *
     * @throws NoSuchSegmentException if the name is already gone, or now names another file (someone unlinked
     *                                and re-created it; that file is left alone)
     * @throws IOException if the file cannot be removed
     */
    public void unlink() throws IOException {
        Path dir = path.getParent();
        Posix.Stat now;
        try {
            now = Posix.lstat(path);
        } catch (NoSuchFileException e) {
            ProcessSegments.forget(path);
            throw new NoSuchSegmentException("segment '" + name + "' in " + dir + " is already unlinked", e);
        }
        if (!now.sameFile(file.stat())) {
            throw new NoSuchSegmentException("segment '" + name + "' in " + dir
                    + " is already unlinked: the name now belongs to another file, which is left alone");
        }
        try {
            Files.delete(path);
        } catch (NoSuchFileException e) {
            throw new NoSuchSegmentException("segment '" + name + "' in " + dir + " is already unlinked", e);
        } finally {
            ProcessSegments.forget(path);
        }
    }

    /** {@return the segment name} */
    public String name() {
        return name;
    }

    /** {@return the file: directory and name} */
    public Path path() {
        return path;
    }

    /** {@return the checked descriptor this segment holds (for the attributes of queues and locks)} */
    SegmentFile file() {
        return file;
    }

    @Override
    public DType dtype() {
        return dtype;
    }

    @Override
    public Shape shape() {
        return shape;
    }

    /**
     * The data: exactly {@link #byteSize()} bytes after the header, element 0 at byte 0 (page-aligned for
     * segments Panamax created). Read-only if opened with {@link SegmentOptions#readOnly(boolean)}.
     *
     * @return the mapped data
     * @throws IllegalStateException if the segment has been closed
     */
    @Override
    public MemorySegment segment() {
        requireOpen();
        return data;
    }

    /** {@return the size of the data in bytes (the file also holds the header)} */
    @Override
    public long byteSize() {
        return data.byteSize();
    }

    /** {@return {@code true} until {@link #close()}} */
    public boolean isOpen() {
        return open;
    }

    /**
     * Maps every page of this segment into this process now, split between threads (one per 64 MiB, up to 8), with
     * {@code madvise(MADV_POPULATE_READ)}: one system call per part instead of a page fault per 4 KiB on first
     * touch, so the first kernel over a freshly opened segment runs about as fast as later ones. {@link #open}
     * does this for segments in memory when asked ({@link SegmentOptions#prefault(boolean)}). Pages already done
     * are remembered and cost nothing the next time. On a file on disk this reads the whole file.
     *
     * @return {@code true} if every page is mapped now; {@code false} where the system cannot pre-fault (Linux
     *         before 5.14, another OS, no native access) or refused (for example because the file was truncated):
     *         pages then fault on first touch as usual, nothing else changes
     * @throws IllegalStateException if the segment has been closed
     */
    public boolean prefault() {
        requireOpen();
        return pages.all();
    }

    /**
     * Like {@link #prefault()} for the elements {@code [from, from + count)} only (widened to 2 MiB chunks), on the
     * calling thread: what a worker that computes on one range of a large segment needs.
     *
     * @param from  the first element index
     * @param count the number of elements
     * @return {@code true} if every page of the range is mapped now, {@code false} as {@link #prefault()} says
     * @throws IndexOutOfBoundsException if the range is not inside the array
     * @throws IllegalStateException     if the segment has been closed
     */
    public boolean prefault(long from, long count) {
        requireOpen();
        long n = length();
        if (from < 0 || count < 0 || from > n - count) {
            throw new IndexOutOfBoundsException("range from=" + from + " count=" + count + " is outside segment '"
                    + name + "' of length " + n);
        }
        long dataOffset = data.address() - mapping.whole().address();
        long size = dtype.byteSize();
        return pages.range(dataOffset + from * size, count * size);
    }

    /** Whether pre-faulting the file is cheap: it lives in memory, so populating reads nothing from a disk. */
    private static boolean inMemory(Path p) {
        try {
            String type = Files.getFileStore(p).type();
            return type.equals("tmpfs") || type.equals("ramfs") || type.equals("hugetlbfs");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Cross-process atomic access to an int32 segment.
     *
     * @return atomics over {@link #segment()}
     * @throws IllegalArgumentException if the dtype is not int32
     * @throws IllegalStateException if the segment has been closed
     */
    public AtomicIntArray atomicInts() {
        requireOpen();
        if (dtype != DType.INT32) {
            throw new IllegalArgumentException("dtype mismatch: segment '" + name + "' is " + dtype.numpyName()
                    + ", atomicInts() needs int32");
        }
        return new AtomicIntArray(segment());
    }

    /**
     * Cross-process atomic access to an int64 segment.
     *
     * @return atomics over {@link #segment()}
     * @throws IllegalArgumentException if the dtype is not int64
     * @throws IllegalStateException if the segment has been closed
     */
    public AtomicLongArray atomicLongs() {
        requireOpen();
        if (dtype != DType.INT64) {
            throw new IllegalArgumentException("dtype mismatch: segment '" + name + "' is " + dtype.numpyName()
                    + ", atomicLongs() needs int64");
        }
        return new AtomicLongArray(segment());
    }

    /**
     * Unmaps the segment in this process. Idempotent and thread-safe. Does not unlink the name. Accesses after
     * close, through this object or any view of it, throw {@link IllegalStateException}.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (!open) {
                return;
            }
            open = false;
        }
        try {
            mapping.close();
        } finally {
            file.close();
        }
    }

    @Override
    public String toString() {
        return "SharedArray[" + name + ", " + dtype.numpyName() + " " + shape + ", " + path
                + (open ? "" : ", closed") + "]";
    }

    private void requireOpen() {
        if (!open) {
            throw new IllegalStateException("segment '" + name + "' is closed");
        }
    }
}
