package dev.panamax.shm;

import dev.panamax.core.DType;
import dev.panamax.core.Shape;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * What {@link Segments#list}, {@link Segments#info} and {@link Segments#gc} report about one file.
 *
 * @param name the file name (the segment name)
 * @param path the file
 * @param format {@link Format#PANAMAX} if the file carries Panamax attributes, {@link Format#NPY} for any other
 *               {@code .npy} file
 * @param dtype the element type; {@code null} only for a temporary file that {@code gc} removed before its header
 *              was written
 * @param shape the dimensions; {@code null} in the same case as {@code dtype}
 * @param bytes the file size in bytes (header and data)
 * @param lifetime {@link Lifetime#PROCESS} or {@link Lifetime#PERSISTENT} for Panamax segments,
 *                 {@link Lifetime#UNKNOWN} for foreign files or file systems without user extended attributes
 * @param creatorPid the pid of the creating process, or -1 if unknown
 * @param creatorAlive whether that process still runs (same pid and same start instant)
 * @param attachedPids the processes that map the file now, from the {@code /proc/<pid>/maps} files this process
 *                     may read (all of them as root; only its own user's otherwise)
 * @param created when the segment was created (from its attributes; the file's modification time for foreign
 *                files)
 */
public record SegmentInfo(String name, Path path, Format format, DType dtype, Shape shape, long bytes,
                          Lifetime lifetime, long creatorPid, boolean creatorAlive, List<Long> attachedPids,
                          Instant created) {

    /**
     * Copies the pid list.
     *
     * @throws NullPointerException if {@code attachedPids} is null
     */
    public SegmentInfo {
        attachedPids = List.copyOf(attachedPids);
    }

    /** The kind of file. */
    public enum Format {
        /** A segment Panamax created: a {@code .npy} file with {@code user.panamax.*} attributes. */
        PANAMAX,
        /** Any other {@code .npy} file, for example one NumPy wrote; never collected. */
        NPY
    }
}
