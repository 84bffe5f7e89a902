package dev.panamax.simd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This CPU's share of the last-level cache, from Linux's cache topology in {@code /sys}: the size of the highest
 * level data or unified cache of CPU 0 over the number of CPUs that share it. The JDK reports no cache sizes; where
 * {@code /sys} does not say (another OS, a container that hides it), the share is unknown and the kernels keep
 * their fixed thresholds.
 */
final class CacheShare {
    private CacheShare() {
    }

    /**
     * In-range counts keep their cached loop, run in {@link Chunks}, on inputs below this many bytes: this CPU's
     * share of the last-level cache, and never less than {@link VectorAccess#STREAM_BYTES}. Data that stays in that
     * share comes from cache at every call, where the cached loop's fewer instructions per element win; from memory
     * the streaming loop is faster (docs/design/kernel-speed.md, the third look). Here rather than in
     * {@link VectorAccess} so that {@link Simd} can report it without loading the Vector API.
     */
    static final long COUNT_STREAM_BYTES = Math.max(VectorAccess.STREAM_BYTES, perCpu());

    /** @return bytes of last-level cache per CPU that shares it, or 0 when unknown */
    static long perCpu() {
        return perCpu(Path.of("/sys/devices/system/cpu/cpu0/cache"));
    }

    static long perCpu(Path dir) {
        long best = 0;
        int bestLevel = 0;
        for (int i = 0; i < 16; i++) {
            Path index = dir.resolve("index" + i);
            if (!Files.isDirectory(index)) {
                break;
            }
            try {
                String type = read(index, "type");
                int level = Integer.parseInt(read(index, "level"));
                if (type.equals("Instruction") || level <= bestLevel) {
                    continue;
                }
                long size = bytes(read(index, "size"));
                int cpus = cpus(read(index, "shared_cpu_list"));
                if (size > 0 && cpus > 0) {
                    best = size / cpus;
                    bestLevel = level;
                }
            } catch (IOException | RuntimeException unreadable) {
                // an entry the kernel does not fill in: the others still count
            }
        }
        return best;
    }

    private static String read(Path index, String name) throws IOException {
        return Files.readString(index.resolve(name)).strip();
    }

    /** "16384K", "32M", "512": bytes, or 0 when unparseable. */
    static long bytes(String size) {
        if (size.isEmpty()) {
            return 0;
        }
        char unit = Character.toUpperCase(size.charAt(size.length() - 1));
        long scale = Character.isDigit(unit) ? 1
                : unit == 'K' ? 1L << 10 : unit == 'M' ? 1L << 20 : unit == 'G' ? 1L << 30 : 0;
        String digits = Character.isDigit(unit) ? size : size.substring(0, size.length() - 1);
        try {
            return Long.parseLong(digits) * scale;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** "0-3,8-11" or "0,2": the number of CPUs listed, or 0 when unparseable. */
    static int cpus(String list) {
        int count = 0;
        try {
            for (String part : list.split(",")) {
                int dash = part.indexOf('-');
                if (dash < 0) {
                    Integer.parseInt(part.strip());
                    count++;
                } else {
                    count += Integer.parseInt(part.substring(dash + 1).strip())
                            - Integer.parseInt(part.substring(0, dash).strip()) + 1;
                }
            }
        } catch (NumberFormatException e) {
            return 0;
        }
        return count;
    }
}
