package dev.panamax.shm;

import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Segment names and the temporary names used while a segment is being created.
 *
 * <p>A name is 1 to 200 characters of {@code [A-Za-z0-9._-]} that does not start with {@code .}: it is a single
 * path component (no {@code /}, never {@code .} or {@code ..}), portable as a POSIX shared-memory name, and
 * cannot collide with a temporary file, which always starts with {@value #TEMP_PREFIX}.
 */
final class Names {
    static final int MAX_LENGTH = 200;
    /** Temporary files: {@code .panamax-tmp-<name>-<pid>-<random>}; the dot keeps them out of listings. */
    static final String TEMP_PREFIX = ".panamax-tmp-";
    /** Where {@code gc} moves a file to check it before unlinking it: {@code .panamax-gc-<pid>-<random>}. */
    static final String GC_PREFIX = ".panamax-gc-";

    private Names() {
    }

    /**
     * @param name a segment name
     * @return the name
     * @throws IllegalArgumentException naming the value and the rule it breaks
     */
    static String check(String name) {
        if (name == null) {
            throw new IllegalArgumentException("segment name is null: expected 1 to " + MAX_LENGTH
                    + " characters of [A-Za-z0-9._-], not starting with '.'");
        }
        if (name.isEmpty() || name.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("invalid segment name '" + printable(name) + "': length " + name.length()
                    + ", expected 1 to " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-';
            if (!ok) {
                throw new IllegalArgumentException("invalid segment name '" + printable(name) + "': character "
                        + String.format("U+%04X", (int) c) + " at index " + i
                        + ", expected only [A-Za-z0-9._-]");
            }
        }
        if (name.charAt(0) == '.') {
            throw new IllegalArgumentException("invalid segment name '" + name
                    + "': starts with '.', expected a name that does not (hidden and temporary files start with '.')");
        }
        return name;
    }

    /**
     * @param dir the segment directory
     * @param name a valid segment name
     * @return a fresh temporary path for creating that segment
     */
    static Path tempFor(Path dir, String name) {
        return dir.resolve(TEMP_PREFIX + name + "-" + ProcessHandle.current().pid() + "-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1));
    }

    /**
     * @param fileName a file name in a segment directory
     * @return the pid of the process that created the temporary file, or -1 if it is not one
     */
    static long tempCreatorPid(String fileName) {
        if (!fileName.startsWith(TEMP_PREFIX)) {
            return -1;
        }
        int rnd = fileName.lastIndexOf('-');
        int pidStart = rnd > 0 ? fileName.lastIndexOf('-', rnd - 1) : -1;
        if (pidStart < TEMP_PREFIX.length()) {
            return -1;
        }
        try {
            return Long.parseLong(fileName, pidStart + 1, rnd, 10);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Shows control and non-ASCII characters as escapes, so a message stays one readable line. */
    static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        s.codePoints().limit(220).forEach(cp -> {
            if (cp >= 0x20 && cp < 0x7f) {
                sb.appendCodePoint(cp);
            } else {
                sb.append(String.format("\\u%04x", cp));
            }
        });
        return s.length() > 220 ? sb + "..." : sb.toString();
    }
}
