package dev.panamax.shm;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which processes map which files, from one scan of the {@code /proc/<pid>/maps} files this process may read (all
 * of them as root, only its own user's otherwise; processes of a pid namespace that is not this one or below it
 * are not in this {@code /proc} at all). A mapping made through another name (the creator maps the temporary
 * name before publishing) still counts: files are matched by device and inode.
 */
final class Attachments {
    private final Map<String, List<Long>> byFile;

    private Attachments(Map<String, List<Long>> byFile) {
        this.byFile = byFile;
    }

    /** @return the mappings of every readable process now */
    static Attachments scan() {
        Map<String, List<Long>> out = new HashMap<>();
        Path proc = Path.of("/proc");
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
        } catch (IOException | RuntimeException e) {
            return new Attachments(out);
        }
        for (List<Long> pids : out.values()) {
            pids.sort(null);
        }
        return new Attachments(out);
    }

    /**
     * @param file what {@code statx} said about a file
     * @return the pids that map it, ascending; empty if none this process can see
     */
    List<Long> pids(Posix.Stat file) {
        return byFile.getOrDefault(file.mapsKey(), List.of());
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
