package dev.panamax.pool;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * A JDK 25 AOT cache (JEP 483/514, the successor of AppCDS) for worker JVMs, under
 * {@code ~/.cache/panamax/pool-<key>.aot}. The key hashes the {@code java} home and version, the worker flags and
 * every class path entry with its size and modification time, so a cache is only used by the JVM and classes
 * that made it. The first pool that finds no cache lets one worker record one ({@code -XX:AOTCacheOutput}) into
 * a temporary file, published by an atomic rename when that worker exits (close takes about a second longer
 * that once); a lock file keeps two pools from training at the same time. Later workers start with
 * {@code -XX:AOTCache}: classes come pre-parsed and pre-linked, which saves about 40% of a worker's start-up CPU
 * time here (0.07 s instead of 0.12 s).
 *
 * <p>Only used when the class path holds nothing but jar files without a manifest {@code Class-Path}: the JDK
 * does not cache classes from directories (as in a Maven test run), so there is nothing to gain there. The
 * newest 8 caches are kept.
 */
final class AotCache {
    private static final Duration STALE_LOCK = Duration.ofMinutes(10);
    private static final int KEEP = 8;

    private final Path file;
    private final Path lock;

    private AotCache(Path file) {
        this.file = file;
        this.lock = file.resolveSibling(file.getFileName() + ".lock");
    }

    /** A recording in progress by one worker. */
    final class Training {
        private final Path tmp;

        private Training(Path tmp) {
            this.tmp = tmp;
        }

        List<String> flags() {
            // The recording logs dozens of "Skipping class" warnings: not worth a user's attention.
            return List.of("-Xlog:aot*=off:stderr", "-XX:AOTCacheOutput=" + tmp);
        }

        /**
         * Called once the training worker has exited: publish the cache if it was written by a worker that ran
         * (was ready and exited normally; a worker that could not even start records a useless cache), then
         * release the lock.
         *
         * @param ran whether the worker completed its handshake and exited with status 0
         */
        void finish(boolean ran) {
            try {
                if (ran && Files.isRegularFile(tmp) && Files.size(tmp) > 0) {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
                    prune();
                }
            } catch (IOException ignored) {
                // no cache this time; the next pool tries again
            } finally {
                try {
                    Files.deleteIfExists(tmp);
                    Files.deleteIfExists(lock);
                } catch (IOException ignored) {
                    // a stale lock expires after STALE_LOCK
                }
            }
        }
    }

    /**
     * @param workerFlags the flags every worker gets
     * @param classPath   the workers' class path
     * @return the cache for this JVM, class path and flags, or null where it cannot help
     */
    static AotCache lookup(List<String> workerFlags, List<Path> classPath) {
        if (Runtime.version().feature() < 25 || classPath.isEmpty()) {
            return null;
        }
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            update(md, System.getProperty("java.home"));
            update(md, System.getProperty("java.vm.version"));
            for (String f : workerFlags) {
                update(md, f);
            }
            for (Path p : classPath) {
                if (!p.toString().endsWith(".jar") || !Files.isRegularFile(p) || hasManifestClassPath(p)) {
                    return null;
                }
                update(md, p.toAbsolutePath().toString());
                update(md, Long.toString(Files.size(p)));
                update(md, Long.toString(Files.getLastModifiedTime(p).toMillis()));
            }
            Path dir = Path.of(System.getProperty("user.home"), ".cache", "panamax");
            Files.createDirectories(dir);
            String key = HexFormat.of().formatHex(md.digest(), 0, 12);
            return new AotCache(dir.resolve("pool-" + key + ".aot"));
        } catch (IOException | NoSuchAlgorithmException | RuntimeException e) {
            return null;
        }
    }

    /** A launcher jar (Surefire's booter) that pulls in directories through its manifest: nothing to cache. */
    private static boolean hasManifestClassPath(Path jar) throws IOException {
        try (JarFile j = new JarFile(jar.toFile())) {
            Manifest m = j.getManifest();
            return m != null && m.getMainAttributes().getValue(Attributes.Name.CLASS_PATH) != null;
        }
    }

    /** Keeps the newest {@link #KEEP} caches: every class path makes its own (about 11 MB). */
    private void prune() {
        try (Stream<Path> s = Files.list(file.getParent())) {
            List<Path> caches = s.filter(p -> p.getFileName().toString().matches("pool-[0-9a-f]+\\.aot"))
                    .sorted(Comparator.comparing(AotCache::modified).reversed()).toList();
            for (Path old : caches.subList(Math.min(KEEP, caches.size()), caches.size())) {
                Files.deleteIfExists(old);
            }
        } catch (IOException | UncheckedIOException ignored) {
            // pruning is housekeeping
        }
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void update(MessageDigest md, String s) {
        md.update(String.valueOf(s).getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
    }

    /** @return the flags to use the cache, or null if there is none yet */
    List<String> useFlags() {
        return Files.isRegularFile(file) ? List.of("-XX:AOTCache=" + file) : null;
    }

    /** @return a training for one worker, or null if another pool is recording one now */
    Training tryTrain() {
        try {
            try {
                Files.createFile(lock);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                FileTime t = Files.getLastModifiedTime(lock);
                if (t.toInstant().isAfter(Instant.now().minus(STALE_LOCK))) {
                    return null;
                }
                Files.deleteIfExists(lock);
                Files.createFile(lock);
            }
            Path tmp = file.resolveSibling(file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
            Files.deleteIfExists(tmp);
            return new Training(tmp);
        } catch (IOException e) {
            return null;
        }
    }
}
