package dev.panamax.shm;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Panamax metadata in user extended attributes, so that the file itself stays a plain {@code .npy} file:
 *
 * <pre>
 * user.panamax.pid       creator pid, decimal
 * user.panamax.start     creator start instant, ISO-8601 (absent if the platform does not report it)
 * user.panamax.lifetime  "process" or "persistent"
 * user.panamax.created   creation instant, ISO-8601
 * user.panamax.kind      "queue", "lock" or "semaphore" for those segments (IpcLayout); absent on plain arrays
 * </pre>
 *
 * <p>File systems without user attributes are tolerated: {@link #write} returns {@code false}, and {@link #read}
 * reports {@link Lifetime#UNKNOWN}, which {@code gc} never touches.
 */
record Attributes(Lifetime lifetime, Creator creator, Instant created) {
    private static final String PID = "panamax.pid";
    private static final String START = "panamax.start";
    private static final String LIFETIME = "panamax.lifetime";
    private static final String CREATED = "panamax.created";
    private static final String KIND = "panamax.kind";
    static final Attributes NONE = new Attributes(Lifetime.UNKNOWN, new Creator(-1, null), null);

    /** @return whether the file carries Panamax attributes */
    boolean present() {
        return lifetime != Lifetime.UNKNOWN;
    }

    /**
     * @param file the file (not followed if a link)
     * @return {@code true} if written, {@code false} if the file system has no user attributes
     */
    boolean write(Path file) {
        UserDefinedFileAttributeView v = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        if (v == null) {
            return false;
        }
        try {
            v.write(PID, utf8(Long.toString(creator.pid())));
            if (creator.start() != null) {
                v.write(START, utf8(creator.start().toString()));
            }
            v.write(CREATED, utf8(created.toString()));
            // Written last: its presence means the others are there.
            v.write(LIFETIME, utf8(lifetime.attributeValue()));
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /**
     * @param file the file (not followed if a link)
     * @return its attributes, or {@link #NONE} if it has none (or they cannot be read)
     */
    static Attributes read(Path file) {
        UserDefinedFileAttributeView v = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        if (v == null) {
            return NONE;
        }
        try {
            List<String> names = v.list();
            if (!names.contains(LIFETIME)) {
                return NONE;
            }
            Lifetime lifetime = Lifetime.fromAttribute(get(v, LIFETIME));
            long pid = names.contains(PID) ? Long.parseLong(get(v, PID)) : -1;
            Instant start = names.contains(START) ? Instant.parse(get(v, START)) : null;
            Instant created = names.contains(CREATED) ? Instant.parse(get(v, CREATED)) : null;
            return new Attributes(lifetime, new Creator(pid, start), created);
        } catch (IOException | UnsupportedOperationException | NumberFormatException | DateTimeParseException e) {
            // Damaged or foreign attributes: treat as unknown so that gc leaves the file alone.
            return NONE;
        }
    }

    /**
     * Writes {@code user.panamax.kind}: what a segment's bytes mean beyond the {@code .npy} array ({@code queue},
     * {@code lock}, {@code semaphore}); plain arrays have none.
     *
     * @param file the file (not followed if a link)
     * @param kind the kind
     * @return {@code true} if written, {@code false} if the file system has no user attributes
     */
    static boolean writeKind(Path file, String kind) {
        UserDefinedFileAttributeView v = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        try {
            if (v != null) {
                v.write(KIND, utf8(kind));
                return true;
            }
        } catch (IOException | UnsupportedOperationException e) {
            // No user attributes here: the kind is still in the data (IpcLayout's KIND word).
        }
        return false;
    }

    /**
     * @param file the file (not followed if a link)
     * @return its {@code user.panamax.kind}, or {@code null} if it has none (or it cannot be read)
     */
    static String readKind(Path file) {
        UserDefinedFileAttributeView v = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        try {
            return v != null && v.list().contains(KIND) ? get(v, KIND) : null;
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    private static String get(UserDefinedFileAttributeView v, String name) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(Math.min(v.size(name), 256));
        v.read(name, b);
        return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8);
    }

    private static ByteBuffer utf8(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }
}
