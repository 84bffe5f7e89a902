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
 *               {@code .npy} file, {@link Format#UNREADABLE} for a file this process may not read
 * @param dtype the element type; {@code null} for an unreadable file, and for a temporary file that {@code gc}
 *              removed before its header was written
 * @param shape the dimensions; {@code null} in the same cases as {@code dtype}
 * @param bytes the file size in bytes (header and data)
 * @param lifetime {@link Lifetime#PROCESS} or {@link Lifetime#PERSISTENT} for Panamax segments,
 *                 {@link Lifetime#UNKNOWN} for foreign or unreadable files and file systems without user extended
 *                 attributes
 * @param creatorPid the pid of the creating process in its own pid namespace, or -1 if unknown
 * @param creatorLiveness whether that process still runs, as far as this process can tell (see
 *                        {@link Liveness})
 * @param attachedPids the processes that map the file now, from the {@code /proc/<pid>/maps} files this process
 *                     may read (all of them as root; only its own user's otherwise; never those of a pid
 *                     namespace that is not this one or below it)
 * @param created when the segment was created (from its attributes; the file's modification time for foreign
 *                and unreadable files)
 * @param ownerUid the user id that owns the file
 * @param owner the owner's user name, or the uid in decimal if it has none
 */
public record SegmentInfo(String name, Path path, Format format, DType dtype, Shape shape, long bytes,
                          Lifetime lifetime, long creatorPid, Liveness creatorLiveness, List<Long> attachedPids,
                          Instant created, long ownerUid, String owner) {

    /**
     * Copies the pid list.
     *
     * @throws NullPointerException if {@code attachedPids} or {@code creatorLiveness} is null
     */
    public SegmentInfo {
        attachedPids = List.copyOf(attachedPids);
        java.util.Objects.requireNonNull(creatorLiveness, "creatorLiveness");
    }

    /**
     * {@return {@code true} only if the creator is known to run ({@link Liveness#ALIVE}); {@code false} if it is dead
     * or this process cannot tell}
     */
    public boolean creatorAlive() {
        return creatorLiveness == Liveness.ALIVE;
    }

    /** {@return whether the file belongs to this process's effective user} */
    public boolean ownedByCaller() {
        return ownerUid == Segments.effectiveUid();
    }

    /** The kind of file. */
    public enum Format {
        /** A segment Panamax created: a {@code .npy} file with {@code user.panamax.*} attributes. */
        PANAMAX,
        /** Any other {@code .npy} file, for example one NumPy wrote; never collected. */
        NPY,
        /**
         * A regular file this process may not open (another user's, mode 0600): only its name, owner, size and
         * modification time are known. Listed so that "no segments" never hides segments one may not read.
         */
        UNREADABLE
    }

    /** Whether a segment's creator still runs, as seen from the process that asks. */
    public enum Liveness {
        /** Runs: same boot, same pid namespace, the pid exists and started at the recorded clock tick. */
        ALIVE,
        /**
         * Certainly gone: its pid does not exist in this (its) pid namespace, or was reused by a process that
         * started at another tick, or this machine rebooted since.
         */
        DEAD,
        /**
         * Cannot tell: the creator ran in another pid namespace (a container, {@code unshare --pid}) or on another
         * machine sharing the directory, its process is hidden from this one, or the segment was made by an
         * earlier version that recorded too little. {@code gc} treats it as alive.
         */
        UNKNOWN
    }
}
