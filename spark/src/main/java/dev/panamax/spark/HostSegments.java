package dev.panamax.spark;

import dev.panamax.core.Shape;
import dev.panamax.shm.NoSuchSegmentException;
import dev.panamax.shm.SegmentExistsException;
import dev.panamax.shm.SegmentInfo;
import dev.panamax.shm.SegmentOptions;
import dev.panamax.shm.SharedArray;
import dev.panamax.shm.SharedLock;
import dev.panamax.shm.Segments;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The segments of host broadcasts that this JVM (an executor, or the driver in local mode) has mapped: opened once
 * and kept for the JVM's life, because reopening per task made task kernels several times slower than a cached
 * mapping (the page tables are built again on every open).
 *
 * <h2>Getting a segment on a host</h2>
 * Open {@code name} read-only in this JVM's segment directory. If it is not there (another host than the driver's),
 * take the host lock {@code name.lock} (a {@link SharedLock}: a holder killed mid-fetch does not block the others),
 * look again, and if it is still missing, fetch the data through the broadcast's {@link Delivery} into a new segment
 * and publish it ({@link SharedArray#create} publishes only after the fill, and only one creator wins a name). Other
 * executors of the host wait on the lock, then open what the first one published.
 *
 * <h2>Cleanup</h2>
 * Segments fetched by executors have lifetime {@code PROCESS}: the creating executor unlinks them when it exits
 * normally, and {@code panamax gc} collects them once every JVM of the application is dead. When the creating
 * executor was killed, the other executors of the host clean up as they exit: under the host lock, each closes its
 * mapping and the last one that finds no other process mapping the segment unlinks it and the lock. Segments
 * published by the driver are the driver's to unlink ({@link Published}).
 */
final class HostSegments {
    static final String LOCK_SUFFIX = ".lock";
    private static final int LOCK_RETRIES = 3;
    private static final long CLEANUP_LOCK_SECONDS = 5;

    private static final Map<String, Entry> CACHE = new ConcurrentHashMap<>();
    private static final Map<String, Object> LOADING = new ConcurrentHashMap<>();
    private static final Set<String> RELEASED = ConcurrentHashMap.newKeySet();
    private static final AtomicBoolean HOOK = new AtomicBoolean();

    private HostSegments() {
    }

    /** A mapped segment and how this JVM got it. */
    record Entry(SharedArray array, Placement.How how, double millis, String appId, Path directory) {
    }

    /**
     * {@return this JVM's read-only mapping of the broadcast's segment, opened or fetched on first use}
     *
     * @throws IllegalStateException if the broadcast was destroyed
     * @throws IOException if the segment can neither be opened nor fetched
     */
    static Entry get(HostBroadcast b) throws IOException {
        Entry e = CACHE.get(b.name());
        if (e != null) {
            return e;
        }
        synchronized (LOADING.computeIfAbsent(b.name(), k -> new Object())) {
            e = CACHE.get(b.name());
            if (e != null) {
                return e;
            }
            if (RELEASED.contains(b.name())) {
                throw new IllegalStateException("host broadcast '" + b.name() + "' was destroyed");
            }
            installHook();
            e = load(b);
            CACHE.put(b.name(), e);
            return e;
        }
    }

    /** {@return where this JVM got the broadcast's segment, getting it first if needed (for materialize)} */
    static Placement placement(HostBroadcast b) throws IOException {
        Entry e = get(b);
        return new Placement(VectorApiCheck.thisJvm(), e.how(), e.millis(), e.directory().toString());
    }

    private static Entry load(HostBroadcast b) throws IOException {
        long t0 = System.nanoTime();
        Path dir = Segments.defaultDirectory();
        SharedArray a = tryOpen(b);
        if (a != null) {
            return new Entry(a, Placement.How.OPENED, millisSince(t0), b.appId(), dir);
        }
        for (int attempt = 1; ; attempt++) {
            try (SharedLock lock = hostLock(b.name() + LOCK_SUFFIX); SharedLock.Held _ = lock.acquire()) {
                a = tryOpen(b);
                if (a != null) {
                    return new Entry(a, Placement.How.OPENED, millisSince(t0), b.appId(), dir);
                }
                create(b);
                a = tryOpen(b);
                if (a == null) {
                    throw new NoSuchSegmentException("segment '" + b.name() + "' in " + dir
                            + " was unlinked right after this executor published it");
                }
                return new Entry(a, Placement.How.FETCHED, millisSince(t0), b.appId(), dir);
            } catch (NoSuchSegmentException lockGone) {
                // The last user of an earlier copy unlinked the lock between our create and open: try again.
                if (attempt == LOCK_RETRIES) {
                    throw lockGone;
                }
            }
        }
    }

    private static void create(HostBroadcast b) throws IOException {
        try (SharedArray _ = SharedArray.create(b.name(), b.dtype(), b.shape(), SegmentOptions.defaults(), a -> {
            try {
                b.delivery().fill(a);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        })) {
            // Published; the read-only mapping is opened next, like every other executor's.
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } catch (SegmentExistsException e) {
            // A process that does not take the host lock published it first: use that one.
        }
    }

    /** {@return the segment opened read-only, or null if the name is not in this JVM's directory} */
    private static SharedArray tryOpen(HostBroadcast b) throws IOException {
        SharedArray a;
        try {
            a = SharedArray.open(b.name(), SegmentOptions.defaults().readOnly(true));
        } catch (NoSuchSegmentException e) {
            return null;
        }
        Shape shape = b.shape();
        if (a.dtype() != b.dtype() || !a.shape().equals(shape)) {
            a.close();
            throw new IOException("segment '" + b.name() + "' in " + a.path().getParent() + " is "
                    + a.dtype().numpyName() + " " + a.shape() + ", but the host broadcast is " + b.dtype().numpyName()
                    + " " + shape + ": another program uses this name");
        }
        return a;
    }

    private static SharedLock hostLock(String name) throws IOException {
        try {
            return SharedLock.create(name);
        } catch (SegmentExistsException e) {
            return SharedLock.open(name);
        }
    }

    /** Closes this JVM's mapping of one broadcast, and unlinks the host's copy if this JVM is its last user. */
    static void release(String name) {
        RELEASED.add(name);
        synchronized (LOADING.computeIfAbsent(name, k -> new Object())) {
            Entry e = CACHE.remove(name);
            if (e != null) {
                release(name, e);
            }
        }
    }

    /** Closes this JVM's mappings of an application's broadcasts (local mode: the application ended, the JVM goes on). */
    static void releaseApplication(String appId) {
        for (Map.Entry<String, Entry> e : CACHE.entrySet()) {
            if (e.getValue().appId().equals(appId)) {
                release(e.getKey());
            }
        }
    }

    private static void release(String name, Entry e) {
        e.array().close();
        try {
            unlinkIfLastUser(name, e.directory());
        } catch (IOException | RuntimeException ex) {
            System.getLogger("dev.panamax.spark").log(System.Logger.Level.WARNING,
                    "could not clean up segment '" + name + "' in " + e.directory() + ": " + ex.getMessage()
                            + " (panamax gc collects it once its creator has exited)");
        }
    }

    /**
     * Unlinks a segment that executors fetched on this host when no other process maps it. Only segments with a host
     * lock are considered: a segment without one was published by the driver, which unlinks it.
     */
    private static void unlinkIfLastUser(String name, Path dir) throws IOException {
        SharedLock lock;
        try {
            lock = SharedLock.open(name + LOCK_SUFFIX);
        } catch (NoSuchSegmentException e) {
            return;
        }
        try (lock; SharedLock.Held held = lock.acquire(CLEANUP_LOCK_SECONDS, TimeUnit.SECONDS)) {
            if (held == null) {
                return;
            }
            long self = ProcessHandle.current().pid();
            SegmentInfo info;
            try {
                info = Segments.info(name, dir);
            } catch (NoSuchSegmentException e) {
                info = null;
            }
            if (info != null && info.attachedPids().stream().anyMatch(pid -> pid != self)) {
                return;
            }
            if (info != null) {
                unlinkQuietly(name, dir);
            }
            try {
                lock.unlink();
            } catch (NoSuchSegmentException e) {
                // The creator's own exit removed it meanwhile.
            }
        }
    }

    private static void unlinkQuietly(String name, Path dir) throws IOException {
        try {
            SharedArray.unlink(name, dir);
        } catch (NoSuchSegmentException e) {
            // Gone already: the creator's exit, or another executor's cleanup.
        }
    }

    private static void installHook() {
        if (HOOK.compareAndSet(false, true)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                for (String name : CACHE.keySet()) {
                    release(name);
                }
            }, "panamax-spark-cleanup"));
        }
    }

    private static double millisSince(long t0) {
        return (System.nanoTime() - t0) / 1e6;
    }
}
