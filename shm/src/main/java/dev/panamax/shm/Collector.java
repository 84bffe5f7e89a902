package dev.panamax.shm;

import dev.panamax.core.NpyHeader;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One {@link Segments#gc} pass over a directory: decides per file, removes only the file it checked, and goes on
 * past per-file errors. The conditions are listed in {@link Segments}.
 */
final class Collector {
    /** An attribute-less temporary file counts as abandoned this long after its last write. */
    static final long TEMP_GRACE_SECONDS = 60;

    private final Path dir;
    private final boolean dryRun;
    private final boolean allowForeignOwner;
    private final Attachments attached = Attachments.scan();
    private final List<SegmentInfo> removed = new ArrayList<>();
    private final List<GcResult.Failure> failed = new ArrayList<>();

    Collector(Path dir, boolean dryRun, boolean allowForeignOwner) {
        this.dir = dir;
        this.dryRun = dryRun;
        this.allowForeignOwner = allowForeignOwner;
    }

    GcResult run() throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                boolean temp = n.startsWith(Names.TEMP_PREFIX);
                if (!temp && n.startsWith(".")) {
                    continue;
                }
                try {
                    SegmentInfo victim = consider(p, n, temp);
                    if (victim != null) {
                        removed.add(victim);
                    }
                } catch (IOException e) {
                    failed.add(new GcResult.Failure(n, p, e));
                }
            }
        }
        removed.sort(Comparator.comparing(SegmentInfo::name));
        failed.sort(Comparator.comparing(GcResult.Failure::name));
        return new GcResult(removed, failed);
    }

    /** @return the file's description if it was (or would be) removed, else null */
    private SegmentInfo consider(Path p, String n, boolean temp) throws IOException {
        Posix.Stat named;
        try {
            named = Posix.lstat(p);
        } catch (NoSuchFileException e) {
            return null;
        }
        if (!named.isRegularFile() || !mine(named)) {
            return null;
        }
        SegmentFile f;
        try {
            f = SegmentFile.open("'" + n + "' in " + dir, p);
        } catch (NoSuchFileException | SegmentFile.NotRegularException e) {
            return null; // gone, or swapped for something that is no segment, since the listing
        }
        try (f) {
            if (!mine(f.stat())) {
                return null;
            }
            Attributes attrs = f.attributes();
            NpyHeader h = null;
            try {
                h = f.header();
            } catch (IOException e) {
                if (!temp) {
                    return null; // not a .npy file: never a segment of ours
                }
                // A temporary file whose create died before its header was written.
            }
            if (!abandoned(f, attrs, temp)) {
                return null;
            }
            if (!attached.pids(f.stat()).isEmpty() || !f.tryLock(true)) {
                return null; // mapped by a process this one can see, or locked by a mapper or a living creator
            }
            SegmentInfo info = describe(n, f, h, attrs, temp);
            if (!dryRun && !removeChecked(dir, f, p, n)) {
                return null;
            }
            return info;
        }
    }

    private boolean mine(Posix.Stat s) {
        return allowForeignOwner || Integer.toUnsignedLong(s.uid()) == Segments.effectiveUid();
    }

    private static boolean abandoned(SegmentFile f, Attributes attrs, boolean temp) throws IOException {
        Creator c = attrs.creator();
        if (!temp) {
            return attrs.lifetime() == Lifetime.PROCESS && c.liveness() == SegmentInfo.Liveness.DEAD;
        }
        if (c.identified()) {
            return c.liveness() == SegmentInfo.Liveness.DEAD;
        }
        // No usable identity: a create that died within microseconds of creating the file, an earlier version's
        // create, or a file system without user attributes. A live creator of this version holds the lock, which
        // the caller checks; the grace period covers the instant before it takes it, and a pid in the name that
        // still exists here may be the creator.
        long age = System.currentTimeMillis() / 1000 - f.restat().mtimeSeconds();
        return age > TEMP_GRACE_SECONDS && Posix.probe(Names.tempCreatorPid(f.path().getFileName().toString()))
                == -Posix.ESRCH;
    }

    private SegmentInfo describe(String n, SegmentFile f, NpyHeader h, Attributes attrs, boolean temp) {
        SegmentInfo d = Segments.describe(n, f, h, attached);
        if (!temp || d.creatorPid() > 0) {
            return d;
        }
        long pid = Names.tempCreatorPid(n);
        return new SegmentInfo(d.name(), d.path(), SegmentInfo.Format.PANAMAX, d.dtype(), d.shape(), d.bytes(),
                attrs.lifetime(), pid, SegmentInfo.Liveness.DEAD, d.attachedPids(), d.created(), d.ownerUid(),
                d.owner());
    }

    /**
     * Removes the name {@code p} only if it still names the file open as {@code f}: renames it to a private name
     * (never over an existing file), compares device and inode, unlinks the private name, and renames it back if
     * it was another file.
     *
     * @return {@code true} if removed, {@code false} if the name was gone or named another file by then
     * @throws IOException if a step fails; the message says where the file is if it could not be put back
     */
    static boolean removeChecked(Path dir, SegmentFile f, Path p, String n) throws IOException {
        Path aside = dir.resolve(Names.GC_PREFIX + ProcessHandle.current().pid() + "-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1));
        int rc = rename(p, aside);
        if (rc == -Posix.ENOENT) {
            return false;
        }
        if (rc < 0) {
            throw Posix.exception(-rc, p, "cannot remove '" + n + "' from " + dir);
        }
        Posix.Stat moved = Posix.lstat(aside);
        if (moved.sameFile(f.stat())) {
            Files.delete(aside);
            return true;
        }
        int back = rename(aside, p);
        if (back != 0) {
            throw new SegmentException("gc moved '" + n + "' in " + dir + " aside to remove it, but it had been "
                    + "replaced by another file since it was checked, and putting that file back failed ("
                    + Posix.describe(-back) + "): it is now " + aside);
        }
        return false;
    }

    /** {@link Posix#renameNoReplace}, or where the file system lacks it, a rename that checks first. */
    private static int rename(Path from, Path to) throws IOException {
        int rc = Posix.renameNoReplace(from, to);
        if (rc != -Posix.EINVAL && rc != -Posix.ENOSYS) {
            return rc;
        }
        try {
            Files.move(from, to);
            return 0;
        } catch (NoSuchFileException e) {
            return -Posix.ENOENT;
        } catch (java.nio.file.FileAlreadyExistsException e) {
            return -Posix.EEXIST;
        }
    }
}
