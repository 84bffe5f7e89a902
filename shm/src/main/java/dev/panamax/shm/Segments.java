package dev.panamax.shm;

import dev.panamax.core.Npy;
import dev.panamax.core.NpyFormatException;
import dev.panamax.core.NpyHeader;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Listing, inspection and orphan collection of the segments in a directory.
 *
 * {@snippet :
 * for (SegmentInfo s : Segments.list(Segments.defaultDirectory())) {
 *     System.out.println(s.name() + " " + s.dtype() + " " + s.shape() + " creator " + s.creatorPid()
 *             + (s.creatorAlive() ? "" : " (dead)") + " attached " + s.attachedPids());
 * }
 * List<SegmentInfo> removed = Segments.gc(Segments.defaultDirectory(), false);
 * }
 *
 * <p>Liveness: a creator is alive when its pid exists and the process has the start instant recorded at create,
 * so a reused pid does not keep a dead creator's segments alive. Attachment: the {@code /proc/<pid>/maps} files
 * this process can read, scanned once per call.
 */
public final class Segments {
    /** Environment variable that overrides the default directory. */
    public static final String DIR_ENV = "PANAMAX_DIR";
    private static final Path DEV_SHM = Path.of("/dev/shm");

    private Segments() {
    }

    /**
     * @return the directory named by the {@code PANAMAX_DIR} environment variable if it is set and not blank,
     *         else {@code /dev/shm}
     */
    public static Path defaultDirectory() {
        String env = System.getenv(DIR_ENV);
        return env == null || env.isBlank() ? DEV_SHM : Path.of(env);
    }

    /**
     * Lists the {@code .npy} files of a directory, sorted by name: Panamax segments and foreign {@code .npy}
     * files. Files that are not {@code .npy}, symbolic links, subdirectories and names starting with {@code .}
     * (temporary files) are skipped.
     *
     * @param dir the directory
     * @return one entry per file
     * @throws NoSuchFileException if the directory does not exist
     * @throws IOException if the directory cannot be read
     */
    public static List<SegmentInfo> list(Path dir) throws IOException {
        Map<String, List<Long>> attached = attachedPids();
        List<SegmentInfo> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (n.startsWith(".")) {
                    continue;
                }
                SegmentInfo info = describe(p, attached);
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
     * @throws IOException if the file cannot be read
     */
    public static SegmentInfo info(String name, Path dir) throws IOException {
        Names.check(name);
        Path p = dir.resolve(name);
        BasicFileAttributes a = SharedArray.regularFile(name, dir, p);
        NpyHeader h;
        try {
            h = readHeader(p);
        } catch (NoSuchFileException e) {
            throw new NoSuchSegmentException("no segment '" + name + "' in " + dir, e);
        } catch (NpyFormatException e) {
            throw new NpyFormatException("segment '" + name + "' in " + dir + ": " + e.getMessage(), e);
        }
        return describe(p, a, h, attachedPids());
    }

    /**
     * Describes one segment in {@link #defaultDirectory()}.
     *
     * @param name the segment name
     * @return its description
     * @throws IllegalArgumentException if the name is invalid
     * @throws NoSuchSegmentException if there is no such file
     * @throws NpyFormatException if the file is not a {@code .npy} file
     * @throws IOException if the file cannot be read
     */
    public static SegmentInfo info(String name) throws IOException {
        return info(name, defaultDirectory());
    }

    /**
     * Removes what dead processes left behind: {@link Lifetime#PROCESS} segments whose creator is dead (its pid
     * is gone, or reused by a process with another start time), and temporary files of creates whose process
     * died midway. Never touches {@link Lifetime#PERSISTENT} segments, files of unknown lifetime, or foreign
     * {@code .npy} files. Processes that still map a removed segment keep their mapping (POSIX semantics).
     *
     * @param dir the directory
     * @param dryRun {@code true} to remove nothing and only report
     * @return what was removed (or would be, in a dry run), sorted by name; temporary files appear under their
     *         file name, with {@code null} dtype and shape if their header was never written
     * @throws NoSuchFileException if the directory does not exist
     * @throws IOException if the directory cannot be read or a file cannot be removed
     */
    public static List<SegmentInfo> gc(Path dir, boolean dryRun) throws IOException {
        Map<String, List<Long>> attached = attachedPids();
        List<SegmentInfo> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                SegmentInfo victim;
                if (n.startsWith(Names.TEMP_PREFIX)) {
                    victim = deadTemp(p, n, attached);
                } else if (n.startsWith(".")) {
                    continue;
                } else {
                    SegmentInfo info = describe(p, attached);
                    victim = info != null && info.lifetime() == Lifetime.PROCESS && !info.creatorAlive() ? info : null;
                }
                if (victim != null) {
                    if (!dryRun) {
                        try {
                            Files.delete(p);
                        } catch (NoSuchFileException e) {
                            continue; // someone else removed it first
                        }
                    }
                    out.add(victim);
                }
            }
        }
        out.sort(Comparator.comparing(SegmentInfo::name));
        return out;
    }

    private static SegmentInfo deadTemp(Path p, String n, Map<String, List<Long>> attached) {
        long pid = Names.tempCreatorPid(n);
        if (pid <= 0) {
            return null;
        }
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return null;
        }
        if (!a.isRegularFile()) {
            return null;
        }
        Attributes attrs = Attributes.read(p);
        Creator creator = attrs.present() && attrs.creator().pid() == pid ? attrs.creator() : new Creator(pid, null);
        if (creator.alive()) {
            return null;
        }
        NpyHeader h = null;
        try {
            h = readHeader(p);
        } catch (IOException e) {
            // Died before the header was written: reported with no dtype or shape.
        }
        return new SegmentInfo(n, p, SegmentInfo.Format.PANAMAX, h == null ? null : h.dtype(),
                h == null ? null : h.shape(), a.size(), attrs.present() ? attrs.lifetime() : Lifetime.UNKNOWN, pid,
                false, attached.getOrDefault(key(p), List.of()),
                attrs.created() != null ? attrs.created() : a.lastModifiedTime().toInstant());
    }

    /** @return the description, or null if the path is not a regular {@code .npy} file */
    private static SegmentInfo describe(Path p, Map<String, List<Long>> attached) {
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.isRegularFile()) {
                return null;
            }
            return describe(p, a, readHeader(p), attached);
        } catch (IOException e) {
            // Not a .npy file, or gone meanwhile: not a segment.
            return null;
        }
    }

    private static SegmentInfo describe(Path p, BasicFileAttributes a, NpyHeader h, Map<String, List<Long>> attached) {
        Attributes attrs = Attributes.read(p);
        boolean panamax = attrs.present();
        Instant created = attrs.created() != null ? attrs.created() : a.lastModifiedTime().toInstant();
        return new SegmentInfo(p.getFileName().toString(), p,
                panamax ? SegmentInfo.Format.PANAMAX : SegmentInfo.Format.NPY, h.dtype(), h.shape(), a.size(),
                attrs.lifetime(), attrs.creator().pid(), panamax && attrs.creator().alive(),
                attached.getOrDefault(key(p), List.of()), created);
    }

    private static NpyHeader readHeader(Path p) throws IOException {
        try (FileChannel ch = FileChannel.open(p, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))) {
            return Npy.readHeader(ch);
        }
    }

    /**
     * The identity {@code /proc/<pid>/maps} shows for a mapped file: {@code major:minor:inode}, so a mapping made
     * through another name (the creator maps the temporary name before publishing) still counts.
     */
    private static String key(Path p) {
        try {
            long dev = ((Number) Files.getAttribute(p, "unix:dev", LinkOption.NOFOLLOW_LINKS)).longValue();
            long ino = ((Number) Files.getAttribute(p, "unix:ino", LinkOption.NOFOLLOW_LINKS)).longValue();
            long major = ((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL);
            long minor = (dev & 0xff) | ((dev >>> 12) & ~0xffL);
            return major + ":" + minor + ":" + ino;
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /**
     * Scans the readable {@code /proc/<pid>/maps} files once.
     *
     * @return {@code major:minor:inode} of each mapped file to the pids that map it, ascending
     */
    static Map<String, List<Long>> attachedPids() {
        Map<String, List<Long>> out = new HashMap<>();
        Path proc = Path.of("/proc");
        if (!Files.isDirectory(proc)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(proc)) {
            for (Path d : ds) {
                long pid;
                try {
                    pid = Long.parseLong(d.getFileName().toString());
                } catch (NumberFormatException e) {
                    continue;
                }
                scanMaps(d.resolve("maps"), pid, out);
            }
        } catch (IOException e) {
            return out;
        }
        for (List<Long> pids : out.values()) {
            pids.sort(null);
        }
        return out;
    }

    private static void scanMaps(Path maps, long pid, Map<String, List<Long>> out) {
        try (BufferedReader r = Files.newBufferedReader(maps, StandardCharsets.ISO_8859_1)) {
            String line;
            while ((line = r.readLine()) != null) {
                // address perms offset major:minor inode [pathname]
                String[] f = line.split("\\s+", 6);
                if (f.length < 6 || f[4].equals("0")) {
                    continue;
                }
                int colon = f[3].indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String k;
                try {
                    k = Long.parseLong(f[3], 0, colon, 16) + ":" + Long.parseLong(f[3], colon + 1, f[3].length(), 16)
                            + ":" + Long.parseLong(f[4]);
                } catch (NumberFormatException e) {
                    continue;
                }
                List<Long> pids = out.computeIfAbsent(k, x -> new ArrayList<>());
                if (pids.isEmpty() || pids.getLast() != pid) {
                    pids.add(pid);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Another user's process, or it exited during the scan: not readable, so not reported.
        }
    }
}
