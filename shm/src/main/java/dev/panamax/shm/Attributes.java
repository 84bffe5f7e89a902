package dev.panamax.shm;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Panamax metadata in user extended attributes, so that the file itself stays a plain {@code .npy} file. Read
 * and written through a descriptor ({@code fgetxattr}/{@code fsetxattr}), never by path:
 *
 * <pre>
 * user.panamax.pid       creator pid in its pid namespace, decimal
 * user.panamax.ticks     creator start time, clock ticks since boot (/proc/pid/stat field 22), decimal
 * user.panamax.pidns     inode of the creator's pid namespace (/proc/self/ns/pid), decimal
 * user.panamax.boot      boot id of the creator's kernel (/proc/sys/kernel/random/boot_id)
 * user.panamax.host      creator's host name
 * user.panamax.start     creator start instant, ISO-8601 (for people; absent if the platform does not report it)
 * user.panamax.created   creation instant, ISO-8601
 * user.panamax.lifetime  "process" or "persistent"; written last, so its presence means the others are there
 * user.panamax.kind      "queue", "lock" or "semaphore" for those segments (IpcLayout); absent on plain arrays
 * </pre>
 *
 * <p>Segments of earlier versions have only pid, start, created and lifetime; their creator's liveness is
 * unknown (see {@link Creator#liveness()}). File systems without user attributes are tolerated: {@link #write}
 * returns {@code false}, and {@link #read} reports {@link Lifetime#UNKNOWN}, which {@code gc} never touches.
 */
record Attributes(Lifetime lifetime, Creator creator, Instant created) {
    private static final String PREFIX = "user.panamax.";
    private static final int MAX_VALUE = 256;
    static final Creator NO_CREATOR = new Creator(-1, -1, -1, null, null, null);
    static final Attributes NONE = new Attributes(Lifetime.UNKNOWN, NO_CREATOR, null);

    /** @return whether the file carries Panamax attributes */
    boolean present() {
        return lifetime != Lifetime.UNKNOWN;
    }

    /**
     * @param fd a descriptor open on the file
     * @return {@code true} if written, {@code false} if the file system has no user attributes
     * @throws java.io.IOException if writing fails for another reason
     */
    boolean write(int fd) throws java.io.IOException {
        String[][] values = {
                {"pid", Long.toString(creator.pid())},
                {"ticks", creator.startTicks() >= 0 ? Long.toString(creator.startTicks()) : null},
                {"pidns", creator.pidNamespace() > 0 ? Long.toString(creator.pidNamespace()) : null},
                {"boot", creator.bootId()},
                {"host", creator.host()},
                {"start", creator.start() != null ? creator.start().toString() : null},
                {"created", created.toString()},
                {"lifetime", lifetime.attributeValue()},
        };
        for (String[] kv : values) {
            if (kv[1] == null) {
                continue;
            }
            int rc = Posix.setxattr(fd, PREFIX + kv[0], kv[1]);
            if (rc == -Posix.EOPNOTSUPP) {
                return false;
            }
            if (rc < 0) {
                throw Posix.exception(-rc, null, "cannot write attribute " + PREFIX + kv[0]);
            }
        }
        return true;
    }

    /**
     * @param fd a descriptor open on the file
     * @return its attributes; {@link #NONE} if it has none; lifetime {@link Lifetime#UNKNOWN} with what could be
     *         read if it has some but not {@code lifetime}, or they are damaged
     */
    static Attributes read(int fd) {
        String lifetime = get(fd, "lifetime");
        String pid = get(fd, "pid");
        if (lifetime == null && pid == null) {
            return NONE;
        }
        try {
            Creator c = new Creator(number(pid), number(get(fd, "ticks")), number(get(fd, "pidns")),
                    get(fd, "boot"), get(fd, "host"), instant(get(fd, "start")));
            Lifetime l = lifetime == null ? Lifetime.UNKNOWN : Lifetime.fromAttribute(lifetime);
            return new Attributes(l, c, instant(get(fd, "created")));
        } catch (NumberFormatException | DateTimeParseException e) {
            // Damaged or forged attributes: unknown, so that gc leaves the file alone.
            return NONE;
        }
    }

    /**
     * Writes {@code user.panamax.kind}: what a segment's bytes mean beyond the {@code .npy} array ({@code queue},
     * {@code lock}, {@code semaphore}); plain arrays have none.
     *
     * @param fd a descriptor open on the file
     * @param kind the kind
     * @return {@code true} if written, {@code false} if the file system has no user attributes (the kind is still
     *         in the data: IpcLayout's KIND word)
     * @throws java.io.IOException if the attribute cannot be written for another reason
     */
    static boolean writeKind(int fd, String kind) throws java.io.IOException {
        int rc = Posix.setxattr(fd, PREFIX + "kind", kind);
        if (rc == -Posix.EOPNOTSUPP) {
            return false;
        }
        if (rc < 0) {
            throw Posix.exception(-rc, null, "cannot write attribute " + PREFIX + "kind");
        }
        return true;
    }

    /**
     * @param fd a descriptor open on the file
     * @return its {@code user.panamax.kind}, or {@code null} if it has none (or it cannot be read)
     */
    static String readKind(int fd) {
        return get(fd, "kind");
    }

    private static String get(int fd, String name) {
        byte[] v = Posix.getxattr(fd, PREFIX + name, MAX_VALUE);
        return v == null ? null : new String(v, StandardCharsets.UTF_8);
    }

    private static long number(String s) {
        return s == null ? -1 : Long.parseLong(s.strip());
    }

    private static Instant instant(String s) {
        return s == null ? null : Instant.parse(s.strip());
    }
}
