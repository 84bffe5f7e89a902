package dev.panamax.shm;

import dev.panamax.core.NpyFormatException;
import dev.panamax.core.NpyHeader;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Listing, inspection and orphan collection of the segments in a directory.
 *
 * {@snippet :
 * for (SegmentInfo s : Segments.list(Segments.defaultDirectory())) {
 *     System.out.println(s.name() + " " + s.dtype() + " " + s.shape() + " owner " + s.owner() + " creator "
 *             + s.creatorPid() + " " + s.creatorLiveness() + " attached " + s.attachedPids());
 * }
 * GcResult r = Segments.gc(Segments.defaultDirectory(), false);
 * r.removed().forEach(s -> System.out.println("removed " + s.name()));
 * r.failed().forEach(f -> System.err.println(f.name() + ": " + f.error().getMessage()));
 * }
 *
 * <p>Every file is opened once, without following links and without blocking ({@code O_NOFOLLOW | O_NONBLOCK}),
 * and checked, read and removed through that descriptor, so a name swapped for a FIFO, a link or another segment
 * meanwhile is never read, waited on or deleted by mistake.
 *
 * <p><b>What {@code gc} removes.</b> A file is collected only when all of these hold:
 * <ol>
 * <li>it is a {@link Lifetime#PROCESS} segment, or a temporary file of a create;</li>
 * <li>it belongs to this user, unless the caller opts in to other users' files;</li>
 * <li>its creator is {@link SegmentInfo.Liveness#DEAD}: certainly gone, never merely unknown (another pid
 *     namespace, another machine, an earlier Panamax version). A temporary file without attributes (its create
 *     died before writing them, or the file system has none) counts as dead one minute after it was last
 *     written;</li>
 * <li>no process this one can see maps it ({@code /proc/<pid>/maps});</li>
 * <li>no process holds a {@code flock} on it: every Panamax process that maps a segment holds a shared lock for
 *     the mapping's life, and a {@code PROCESS} creator for its own, so this covers other users, other pid
 *     namespaces and creators that closed their mapping. {@code gc} takes the exclusive lock itself, without
 *     waiting, and holds it while it removes the file: an open that starts meanwhile waits, then finds the name
 *     gone.</li>
 * </ol>
 * Removal renames the file to a private name ({@code renameat2(RENAME_NOREPLACE)}), checks that the renamed file
 * is the one checked (device and inode), and unlinks it; if another file took the name meanwhile, it is renamed
 * back. Processes that still map a removed segment keep their mapping (POSIX semantics).
 */
public final class Segments {
    /** Environment variable that overrides the default directory. */
    public static final String DIR_ENV = "PANAMAX_DIR";
    private static final Path DEV_SHM = Path.of("/dev/shm");

    private Segments() {
    }

    /**
     * {@return the directory named by the {@code PANAMAX_DIR} environment variable if it is set and not blank, else
     * {@code /dev/shm}}
     */
    public static Path defaultDirectory() {
        String env = System.getenv(DIR_ENV);
        return env == null || env.isBlank() ? DEV_SHM : Path.of(env);
    }

    /**
     * Checks a segment name without touching any file: 1 to 200 characters of {@code [A-Za-z0-9._-]}, not
     * starting with {@code .} (so it names one file in the directory, never a path outside it or a temporary file).
     *
     * @param name the name
     * @return the name
     * @throws IllegalArgumentException naming the value and the rule it breaks
     */
    public static String checkName(String name) {
        return Names.check(name);
    }

    /**
     * Lists the {@code .npy} files of a directory, sorted by name: Panamax segments, foreign {@code .npy} files,
     * and regular files this process may not read ({@link SegmentInfo.Format#UNREADABLE}, for example another
     * user's segments). Files that are not {@code .npy}, symbolic links, FIFOs, subdirectories and names starting
     * with {@code .} (temporary files) are skipped.
     *
     * @param dir the directory
     * @return one entry per file
     * @throws NoSuchFileException if the directory does not exist
     * @throws IOException if the directory cannot be read
     */
    public static List<SegmentInfo> list(Path dir) throws IOException {
        Attachments attached = Attachments.scan();
        List<SegmentInfo> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (n.startsWith(".")) {
                    continue;
                }
                SegmentInfo info = describeOrSkip(p, attached);
                if (info != null) {
                    out.add(info);
                }
            }
        }
        out.sort(Comparator.comparing(SegmentInfo::name));
        return out;
    }

    /**
     * Describes one segment.
     *
     * @param name the segment name
     * @param dir the directory
     * @return its description
     * @throws IllegalArgumentException if the name is invalid
     * @throws NoSuchSegmentException if there is no such file
     * @throws NpyFormatException if the file is not a {@code .npy} file
     * @throws SegmentException if the name is a symbolic link or not a regular file
     * @throws AccessDeniedException if this process may not read the file
     * @throws IOException if the file cannot be read
     */
    public static SegmentInfo info(String name, Path dir) throws IOException {
        Names.check(name);
        String what = "segment '" + name + "' in " + dir;
        try (SegmentFile f = openSegment(what, dir.resolve(name))) {
            NpyHeader h;
            try {
                h = f.header();
            } catch (NpyFormatException e) {
                throw new NpyFormatException(what + ": " + e.getMessage(), e);
            }
            return describe(name, f, h, Attachments.scan());
        }
    }

    /**
     * Describes one segment in {@link #defaultDirectory()}.
     *
     * @param name the segment name
     * @return its description
     * @throws IllegalArgumentException if the name is invalid
     * @throws NoSuchSegmentException if there is no such file
     * @throws NpyFormatException if the file is not a {@code .npy} file
     * @throws AccessDeniedException if this process may not read the file
     * @throws IOException if the file cannot be read
     */
    public static SegmentInfo info(String name) throws IOException {
        return info(name, defaultDirectory());
    }

    /**
     * Removes what dead processes left behind in a directory, among this user's files: {@link Lifetime#PROCESS}
     * segments whose creator is certainly dead and that no process maps or locks, and temporary files of creates
     * that died midway. Never touches {@link Lifetime#PERSISTENT} segments, files of unknown lifetime, foreign
     * {@code .npy} files, other users' files, or segments whose creator this process cannot see (see the class
     * description for every condition). Goes on past a file it cannot check or remove and reports it.
     *
     * @param dir the directory
     * @param dryRun {@code true} to remove nothing and only report
     * @return what was removed (or would be, in a dry run) and what could not be handled
     * @throws NoSuchFileException if the directory does not exist
     * @throws IOException if the directory cannot be read
     */
    public static GcResult gc(Path dir, boolean dryRun) throws IOException {
        return gc(dir, dryRun, false);
    }

    /**
     * {@link #gc(Path, boolean)}, optionally over every user's files (as root, to clean up after other users;
     * as another user this mostly reports "permission denied" for them).
     *
     * @param dir the directory
     * @param dryRun {@code true} to remove nothing and only report
     * @param allowForeignOwner {@code true} to consider files owned by other users too
     * @return what was removed (or would be, in a dry run) and what could not be handled
     * @throws NoSuchFileException if the directory does not exist
     * @throws IOException if the directory cannot be read
     */
    public static GcResult gc(Path dir, boolean dryRun, boolean allowForeignOwner) throws IOException {
        return new Collector(dir, dryRun, allowForeignOwner).run();
    }

    /** Opens a segment file, turning "missing" and "not a regular file" into segment exceptions. */
    static SegmentFile openSegment(String what, Path p) throws IOException {
        try {
            return SegmentFile.open(what, p);
        } catch (NoSuchFileException e) {
            throw new NoSuchSegmentException("no " + what, e);
        }
    }

    /** {@return the description, or null if the path is not a regular {@code .npy} file} */
    private static SegmentInfo describeOrSkip(Path p, Attachments attached) {
        String n = p.getFileName().toString();
        Posix.Stat named;
        try {
            named = Posix.lstat(p);
        } catch (IOException e) {
            return null;
        }
        if (!named.isRegularFile()) {
            return null;
        }
        try (SegmentFile f = SegmentFile.open("'" + n + "'", p)) {
            return describe(n, f, f.header(), attached);
        } catch (AccessDeniedException e) {
            return unreadable(p, named);
        } catch (IOException | RuntimeException e) {
            // Not a .npy file, or gone or replaced meanwhile: not a segment.
            return null;
        }
    }

    private static SegmentInfo unreadable(Path p, Posix.Stat s) {
        return new SegmentInfo(p.getFileName().toString(), p, SegmentInfo.Format.UNREADABLE, null, null, s.size(),
                Lifetime.UNKNOWN, -1, SegmentInfo.Liveness.UNKNOWN, List.of(), Instant.ofEpochSecond(s.mtimeSeconds()),
                Integer.toUnsignedLong(s.uid()), ownerName(p, s.uid(), LinkOption.NOFOLLOW_LINKS));
    }

    static SegmentInfo describe(String name, SegmentFile f, NpyHeader h, Attachments attached) {
        Attributes attrs = f.attributes();
        boolean panamax = attrs.present();
        Posix.Stat s = f.stat();
        Instant created = attrs.created() != null ? attrs.created() : Instant.ofEpochSecond(s.mtimeSeconds());
        Creator c = attrs.creator();
        return new SegmentInfo(name, f.path(), panamax ? SegmentInfo.Format.PANAMAX : SegmentInfo.Format.NPY,
                h == null ? null : h.dtype(), h == null ? null : h.shape(), s.size(), attrs.lifetime(), c.pid(),
                c.pid() > 0 ? c.liveness() : SegmentInfo.Liveness.UNKNOWN, attached.pids(s), created,
                Integer.toUnsignedLong(s.uid()), ownerName(f.procPath(), s.uid()));
    }

    /** {@return the user name of a file's owner, or its uid in decimal if the name cannot be found} */
    static String ownerName(Path p, int uid, LinkOption... options) {
        try {
            return Files.getOwner(p, options).getName();
        } catch (IOException | RuntimeException e) {
            return Integer.toUnsignedString(uid);
        }
    }

    /** {@return this process's effective user id (files of other users are "foreign")} */
    static long effectiveUid() {
        return Euid.VALUE;
    }

    /** Read once: a JVM does not change its user. */
    private static final class Euid {
        static final long VALUE = Integer.toUnsignedLong(Posix.geteuid());
    }
}
